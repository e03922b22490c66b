package io.taskrunner.console.service.jobs;

import java.util.Objects;

/**
 * How fast a job notifies agents. {@link Kind#FIXED}: at most {@code ratePerMinute} executions are sent in any 60
 * seconds. {@link Kind#EXPONENTIAL}: the rate starts at {@code ratePerMinute} and is multiplied by
 * {@code incrementFactor} each time another {@code raiseAfterNotified} executions were sent (or another
 * {@code raiseAfterSucceeded} succeeded), up to {@code maxRatePerMinute}.
 *
 * @param raiseAfterNotified  exponential only: raise after this many more sent executions; 0 when the raise
 *                            follows successes
 * @param raiseAfterSucceeded exponential only: raise after this many more successes; 0 when the raise follows
 *                            sent executions
 */
public record Rollout(Kind kind, int ratePerMinute, double incrementFactor, int raiseAfterNotified,
        int raiseAfterSucceeded, int maxRatePerMinute) {
    public static final int MAX_RATE_PER_MINUTE = 10_000;

    public enum Kind {
        FIXED, EXPONENTIAL
    }

    public Rollout {
        Objects.requireNonNull(kind, "kind");
        JobChecks.range(ratePerMinute, 1, MAX_RATE_PER_MINUTE, kind == Kind.FIXED ? "rollout.maxPerMinute"
                : "rollout.baseRatePerMinute");
        if (kind == Kind.FIXED) {
            incrementFactor = 1;
            raiseAfterNotified = 0;
            raiseAfterSucceeded = 0;
            maxRatePerMinute = ratePerMinute;
        } else {
            if (!(incrementFactor > 1 && incrementFactor <= 5)) {
                throw new IllegalArgumentException("rollout.incrementFactor: must be above 1 and at most 5, was "
                        + incrementFactor);
            }
            JobChecks.range(raiseAfterNotified, 0, 1_000_000, "rollout.raiseAfterNotified");
            JobChecks.range(raiseAfterSucceeded, 0, 1_000_000, "rollout.raiseAfterSucceeded");
            if ((raiseAfterNotified > 0) == (raiseAfterSucceeded > 0)) {
                throw new IllegalArgumentException("rollout.raiseAfterNotified: give exactly one of raiseAfterNotified "
                        + "and raiseAfterSucceeded, was " + raiseAfterNotified + " and " + raiseAfterSucceeded);
            }
            JobChecks.range(maxRatePerMinute, ratePerMinute, MAX_RATE_PER_MINUTE, "rollout.maxRatePerMinute");
        }
    }

    /** At most {@code maxPerMinute} executions sent in any 60 seconds. */
    public static Rollout fixed(int maxPerMinute) {
        return new Rollout(Kind.FIXED, maxPerMinute, 1, 0, 0, maxPerMinute);
    }

    /** Starts at {@code baseRatePerMinute}; multiplied by {@code factor} after each {@code raiseAfterNotified} sent. */
    public static Rollout exponentialAfterNotified(int baseRatePerMinute, double factor, int raiseAfterNotified,
            int maxRatePerMinute) {
        return new Rollout(Kind.EXPONENTIAL, baseRatePerMinute, factor, raiseAfterNotified, 0, maxRatePerMinute);
    }

    /** Starts at {@code baseRatePerMinute}; multiplied by {@code factor} after each {@code raiseAfterSucceeded} successes. */
    public static Rollout exponentialAfterSucceeded(int baseRatePerMinute, double factor, int raiseAfterSucceeded,
            int maxRatePerMinute) {
        return new Rollout(Kind.EXPONENTIAL, baseRatePerMinute, factor, 0, raiseAfterSucceeded, maxRatePerMinute);
    }

    /** The rate now, given how many executions were sent (first attempts) and how many succeeded so far. */
    public int currentRate(long notified, long succeeded) {
        if (kind == Kind.FIXED) {
            return ratePerMinute;
        }
        long raises = raiseAfterNotified > 0 ? notified / raiseAfterNotified : succeeded / raiseAfterSucceeded;
        double rate = ratePerMinute * Math.pow(incrementFactor, Math.min(raises, 64));
        return (int) Math.min(maxRatePerMinute, Math.floor(rate));
    }
}
