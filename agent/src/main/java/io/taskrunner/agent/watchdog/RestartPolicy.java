package io.taskrunner.agent.watchdog;

import io.taskrunner.protocol.definition.watchdog.Backoff;
import io.taskrunner.protocol.definition.watchdog.RestartBudget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The restart budget and backoff of one supervised program: how long to wait before the next restart, or that the
 * budget is spent. Restarts are counted in a sliding window. Not thread-safe (the supervisor's thread only).
 */
final class RestartPolicy {
    private final RestartBudget budget;
    private final Backoff backoff;
    private final Deque<Instant> restarts = new ArrayDeque<>();
    private int inRow;
    private long total;

    RestartPolicy(RestartBudget budget, Backoff backoff) {
        this.budget = budget;
        this.backoff = backoff;
    }

    /**
     * A restart is wanted now after the program ran {@code ran}: the wait before it, or empty when the budget for
     * the window is spent (the restart is then not counted).
     */
    Optional<Duration> next(Instant now, Duration ran) {
        if (ran.toSeconds() >= backoff.stableSeconds()) {
            inRow = 0;
        }
        Instant windowStart = now.minusSeconds(budget.windowSeconds());
        while (!restarts.isEmpty() && !restarts.peekFirst().isAfter(windowStart)) {
            restarts.removeFirst();
        }
        if (restarts.size() >= budget.maxRestarts()) {
            return Optional.empty();
        }
        restarts.addLast(now);
        inRow++;
        total++;
        return Optional.of(backoff.delayBefore(inRow));
    }

    /** The program has run {@code stableSeconds}: the next restart is again immediate. */
    void stable() {
        inRow = 0;
    }

    long total() {
        return total;
    }
}
