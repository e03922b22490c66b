package io.taskrunner.agent.scheduler;

import io.taskrunner.agent.engine.RunRequest;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * The unfinished runs of one schedule and the run its overlap policy queued behind them. Kept when the schedule's
 * definition changes, so the overlap policy still sees runs its old version started. Guarded by the scheduler's lock.
 */
final class RunTracker {
    final Set<UUID> running = new HashSet<>();
    Queued queued;

    /** A run that starts once the running ones finished, for fire time {@code scheduledAt}. */
    record Queued(RunRequest request, Instant scheduledAt) {
    }
}
