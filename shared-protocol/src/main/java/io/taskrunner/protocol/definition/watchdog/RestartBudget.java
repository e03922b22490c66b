package io.taskrunner.protocol.definition.watchdog;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.taskrunner.protocol.Check;

/** At most {@code maxRestarts} restarts within any {@code windowSeconds}; then the watchdog gives up and escalates. */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record RestartBudget(int maxRestarts, long windowSeconds) {

    private static final int DEFAULT_MAX = 5;
    private static final long DEFAULT_WINDOW = 600;
    /** Five restarts in ten minutes. */
    public static final RestartBudget DEFAULT = new RestartBudget(DEFAULT_MAX, DEFAULT_WINDOW);

    public RestartBudget {
        maxRestarts = maxRestarts == 0 ? DEFAULT_MAX : maxRestarts;
        windowSeconds = windowSeconds == 0 ? DEFAULT_WINDOW : windowSeconds;
        Check.range(maxRestarts, 1, 1_000_000, "restartBudget.maxRestarts");
        Check.range(windowSeconds, 1, 7L * 24 * 3600, "restartBudget.windowSeconds");
    }
}
