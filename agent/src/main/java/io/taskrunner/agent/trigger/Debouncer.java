package io.taskrunner.agent.trigger;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Swallows repeats: the first message for a key claims a window, and every message for that key within the window
 * is told which run the first one started. A bouncing button or a device that retries too eagerly runs its task once.
 */
final class Debouncer {
    /** Past this many keys, expired windows are dropped before a new one is remembered. */
    private static final int TIDY_ABOVE = 10_000;

    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private record Window(long untilMillis, UUID runId) {
    }

    Debouncer(Clock clock) {
        this.clock = clock;
    }

    /**
     * Claims the window of {@code key} for {@code runId}; empty when it was free (go ahead), else the run that
     * holds it (drop this message).
     */
    Optional<UUID> claim(String key, long windowMillis, UUID runId) {
        long now = clock.millis();
        if (windows.size() > TIDY_ABOVE) {
            windows.values().removeIf(window -> window.untilMillis() <= now);
        }
        Window mine = new Window(now + windowMillis, runId);
        Window holder = windows.compute(key, (k, current) -> current == null || current.untilMillis() <= now
                ? mine : current);
        return holder == mine ? Optional.empty() : Optional.of(holder.runId());
    }

    /** Frees the window again, for a claim whose run was then not started after all. */
    void release(String key, UUID runId) {
        windows.computeIfPresent(key, (k, current) -> current.runId().equals(runId) ? null : current);
    }
}
