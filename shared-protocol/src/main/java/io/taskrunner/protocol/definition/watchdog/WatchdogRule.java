package io.taskrunner.protocol.definition.watchdog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.Definitions;
import java.util.List;

/**
 * A watchdog rule: a check run every {@code intervalSeconds} (a {@code program} check instead sees its program's
 * exit at once), a threshold after which a failure is an incident, and the ladder of actions taken on it, one step
 * per further failure.
 *
 * @param intervalSeconds how often the check runs; 0: 30 s (a {@code program} rule ignores it)
 * @param threshold       when failures become an incident; {@code null}: the first failure
 * @param actions         the escalation ladder, in order; empty: {@code restart} then {@code alert} for a
 *                        {@code program} rule, {@code alert} for any other
 * @param restartBudget   restarts allowed per window before the watchdog gives up; {@code null}: 5 in 10 minutes
 * @param backoff         waits between restarts; {@code null}: {@link Backoff#DEFAULT}
 * @param alert           where alerts go besides the console; {@code null}: the console only
 * @param enabled         {@code null} counts as enabled
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record WatchdogRule(
        @JsonProperty(required = true) String name,
        String description,
        @JsonProperty(required = true) WatchdogCheck check,
        int intervalSeconds,
        Threshold threshold,
        List<WatchdogAction> actions,
        RestartBudget restartBudget,
        Backoff backoff,
        AlertTargets alert,
        Boolean enabled) {

    public static final int DEFAULT_INTERVAL_SECONDS = 30;

    public WatchdogRule {
        Definitions.checkName(name, "name");
        Check.maxLength(description, 1024, "description");
        Check.required(check, "check");
        intervalSeconds = intervalSeconds == 0 ? DEFAULT_INTERVAL_SECONDS : intervalSeconds;
        Check.range(intervalSeconds, 1, 24 * 3600, "intervalSeconds");
        threshold = threshold == null ? Threshold.FIRST_FAILURE : threshold;
        actions = Check.listOf(actions, 16, "actions");
        if (actions.isEmpty()) {
            actions = check instanceof ProgramCheck
                    ? List.of(new RestartAction(null), new AlertAction(null))
                    : List.of(new AlertAction(null));
        }
        for (int i = 0; i < actions.size(); i++) {
            if (actions.get(i) instanceof RestartAction restart && restart.program() == null
                    && !(check instanceof ProgramCheck)) {
                throw new ProtocolException("actions[" + i + "].program", "names the program rule to restart;"
                        + " only a program rule restarts its own program without naming it");
            }
        }
        restartBudget = restartBudget == null ? RestartBudget.DEFAULT : restartBudget;
        backoff = backoff == null ? Backoff.DEFAULT : backoff;
        alert = alert == null ? AlertTargets.CONSOLE_ONLY : alert;
    }

    @JsonIgnore
    public boolean isEnabled() {
        return enabled == null || enabled;
    }

    /** Whether this rule supervises a program of its own. */
    @JsonIgnore
    public boolean supervises() {
        return check instanceof ProgramCheck;
    }
}
