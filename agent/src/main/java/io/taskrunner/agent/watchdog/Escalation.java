package io.taskrunner.agent.watchdog;

import io.taskrunner.agent.engine.RunEngine;
import io.taskrunner.agent.engine.RunRequest;
import io.taskrunner.protocol.definition.PowerAction;
import io.taskrunner.protocol.definition.PowerTask;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.definition.watchdog.AlertAction;
import io.taskrunner.protocol.definition.watchdog.RestartAction;
import io.taskrunner.protocol.definition.watchdog.RestartPcAction;
import io.taskrunner.protocol.definition.watchdog.RunTaskAction;
import io.taskrunner.protocol.definition.watchdog.WatchdogAction;
import io.taskrunner.protocol.definition.watchdog.WatchdogRule;
import io.taskrunner.protocol.message.AlertSeverity;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one step of a rule's ladder. Task runs and the PC restart go through the run engine, so they are queued,
 * logged and reported like every run (source {@code watchdog}).
 */
final class Escalation {
    private static final Logger LOG = LoggerFactory.getLogger(Escalation.class);
    static final String SOURCE = "watchdog";
    static final String RESTART_PC_TASK = "watchdog-restart-pc";

    private final RunEngine runs;
    private final Incidents incidents;
    private final Predicate<String> restartProgram;

    /** @param restartProgram restarts the program of the named program rule; false when it could not */
    Escalation(RunEngine runs, Incidents incidents, Predicate<String> restartProgram) {
        this.runs = runs;
        this.incidents = incidents;
        this.restartProgram = restartProgram;
    }

    /** @param problem the failure in the rule's language, for the alert text */
    void take(WatchdogRule rule, WatchdogAction step, String problem) {
        switch (step) {
            case RestartAction restart -> {
                String program = restart.program() == null ? rule.name() : restart.program();
                if (!restartProgram.test(program)) {
                    LOG.warn("rule {}: cannot restart the program of rule {} (no such program rule, given up, or not"
                            + " running)", rule.name(), program);
                }
            }
            case RunTaskAction task -> submit(rule, RunRequest.of(task.task(), task.parameters(), SOURCE));
            case RestartPcAction pc -> submit(rule, new RunRequest(UUID.randomUUID(), null, RESTART_PC_TASK,
                    TaskDefinition.of(RESTART_PC_TASK, new PowerTask(PowerAction.RESTART, pc.delaySeconds(),
                            pc.message() != null ? pc.message() : shortened(problem, 512))), Map.of(), 0, null, 0,
                    SOURCE));
            case AlertAction alert -> incidents.raise(rule.name(), rule.alert(),
                    AlertSeverity.valueOf(alert.severity().name()),
                    AlertTexts.text(rule.alert(), "watchdog.alert.failing", rule.name(), problem));
        }
    }

    /** {@code text}, cut to {@code max} characters where a message field allows no more. */
    static String shortened(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private void submit(WatchdogRule rule, RunRequest request) {
        RunEngine.Submission submission = runs.submit(request);
        if (submission.accepted()) {
            LOG.info("rule {}: queued run {} of task {}", rule.name(), submission.runId(), request.task());
        } else {
            LOG.warn("rule {}: run of task {} was refused: {}", rule.name(), request.task(), submission.error());
        }
    }
}
