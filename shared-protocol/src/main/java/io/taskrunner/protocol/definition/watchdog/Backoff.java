package io.taskrunner.protocol.definition.watchdog;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import java.time.Duration;

/**
 * The wait before a restart. The first restart after a program ran for at least {@code stableSeconds} happens at
 * once; each further restart in a row waits {@code initialMillis}, then {@code factor} times longer, at most
 * {@code maxMillis}. A program that runs {@code stableSeconds} again starts the series afresh.
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record Backoff(long initialMillis, long maxMillis, double factor, long stableSeconds) {

    public static final Backoff DEFAULT = new Backoff(1000, 60_000, 2, 60);

    public Backoff {
        Check.range(initialMillis, 0, 3_600_000, "backoff.initialMillis");
        maxMillis = maxMillis == 0 ? Math.max(60_000, initialMillis) : maxMillis;
        Check.range(maxMillis, 1, 24 * 3_600_000L, "backoff.maxMillis");
        if (maxMillis < initialMillis) {
            throw new ProtocolException("backoff.maxMillis", "must not be below initialMillis (" + initialMillis + ")");
        }
        factor = factor == 0 ? 2 : factor;
        Check.range(factor, 1, 100, "backoff.factor");
        stableSeconds = stableSeconds == 0 ? 60 : stableSeconds;
        Check.range(stableSeconds, 1, 24 * 3600, "backoff.stableSeconds");
    }

    /** The wait before the {@code n}-th restart in a row (n = 1 is the first, which does not wait). */
    public Duration delayBefore(int n) {
        if (n <= 1) {
            return Duration.ZERO;
        }
        double millis = initialMillis * Math.pow(factor, n - 2);
        return Duration.ofMillis((long) Math.min(maxMillis, millis));
    }
}
