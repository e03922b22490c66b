package io.taskrunner.agent.watchdog;

import java.util.UUID;

/**
 * One rule's state for the status page.
 *
 * @param failures     failed checks in a row (for a program: exits since it last ran stable)
 * @param restarts     restarts of the supervised program since the rule started; 0 for other checks
 * @param pid          the supervised program's pid, or {@code null} when it does not run (or for other checks)
 * @param openIncident the incident whose alert is raised and not yet closed, or {@code null}
 * @param lastProblem  what the last failure was, in English, or {@code null}
 */
public record RuleStatus(
        String rule,
        RuleHealth health,
        int failures,
        long restarts,
        Long pid,
        UUID openIncident,
        String lastProblem) {
}
