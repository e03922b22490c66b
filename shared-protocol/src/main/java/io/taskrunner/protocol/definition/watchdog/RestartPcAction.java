package io.taskrunner.protocol.definition.watchdog;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.taskrunner.protocol.Check;

/**
 * Restarts the PC through the agent's {@code power} task, after {@code delaySeconds} (0: 60) with {@code message}
 * shown to logged-in users.
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record RestartPcAction(int delaySeconds, String message) implements WatchdogAction {

    public static final int DEFAULT_DELAY_SECONDS = 60;

    public RestartPcAction {
        delaySeconds = delaySeconds == 0 ? DEFAULT_DELAY_SECONDS : delaySeconds;
        Check.range(delaySeconds, 1, 24 * 3600, "delaySeconds");
        Check.maxLength(message, 512, "message");
    }
}
