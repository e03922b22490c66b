package io.taskrunner.console.service.broker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after {@value #MAX_FAILURES} failed logins for one user name within
 * {@link #WINDOW}, that name is refused for {@link #LOCKOUT}, whatever the password. Thread-safe; names with nothing
 * recent are forgotten once many are tracked.
 */
final class LoginThrottle {
    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(1);
    static final Duration LOCKOUT = Duration.ofMinutes(1);
    /** Above this many tracked names, names with nothing recent are forgotten. */
    private static final int PRUNE_ABOVE = 10_000;

    private final Clock clock;
    private final Map<String, Failures> failuresByName = new ConcurrentHashMap<>();

    LoginThrottle(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    boolean isLocked(String name) {
        Failures failures = failuresByName.get(name);
        return failures != null && failures.lockedAt(clock.instant());
    }

    /** Counts a failed login; returns true when this failure locked the name. */
    boolean failed(String name) {
        Instant now = clock.instant();
        if (failuresByName.size() > PRUNE_ABOVE) {
            failuresByName.values().removeIf(failures -> failures.isStale(now));
        }
        return failuresByName.computeIfAbsent(name, key -> new Failures()).add(now);
    }

    void succeeded(String name) {
        failuresByName.remove(name);
    }

    /** How many names have recent failures or a lock (for diagnostics). */
    int trackedNames() {
        return failuresByName.size();
    }

    private static final class Failures {
        private final Deque<Instant> recent = new ArrayDeque<>();
        private Instant lockedUntil = Instant.MIN;

        synchronized boolean add(Instant now) {
            if (now.isBefore(lockedUntil)) {
                return false;
            }
            while (!recent.isEmpty() && !recent.peekFirst().isAfter(now.minus(WINDOW))) {
                recent.removeFirst();
            }
            recent.addLast(now);
            if (recent.size() < MAX_FAILURES) {
                return false;
            }
            recent.clear();
            lockedUntil = now.plus(LOCKOUT);
            return true;
        }

        synchronized boolean lockedAt(Instant now) {
            return now.isBefore(lockedUntil);
        }

        synchronized boolean isStale(Instant now) {
            return !now.isBefore(lockedUntil)
                    && (recent.isEmpty() || !recent.peekLast().isAfter(now.minus(WINDOW)));
        }
    }
}
