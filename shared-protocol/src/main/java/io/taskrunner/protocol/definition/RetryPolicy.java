package io.taskrunner.protocol.definition;

import io.taskrunner.protocol.Check;

/**
 * How often a failed or timed-out run is tried again, under the same run id. The wait before attempt n+1 is
 * {@code backoffSeconds * multiplier^(n-1)}, at most {@code maxBackoffSeconds}.
 */
public record RetryPolicy(int count, int backoffSeconds, double multiplier, int maxBackoffSeconds) {
    public static final RetryPolicy NONE = new RetryPolicy(0, 0, 0, 0);

    public RetryPolicy {
        Check.range(count, 0, 100, "count");
        Check.range(backoffSeconds, 0, 24 * 3600, "backoffSeconds");
        multiplier = multiplier == 0 ? 2.0 : multiplier;
        Check.range(multiplier, 1.0, 10.0, "multiplier");
        maxBackoffSeconds = maxBackoffSeconds == 0 ? 3600 : maxBackoffSeconds;
        Check.range(maxBackoffSeconds, 1, 7 * 24 * 3600, "maxBackoffSeconds");
    }

    /** Milliseconds to wait after the failed attempt number {@code attempt} (1 for the first run). */
    public long backoffMillis(int attempt) {
        double seconds = backoffSeconds * Math.pow(multiplier, Math.max(0, attempt - 1));
        return (long) (Math.min(seconds, maxBackoffSeconds) * 1000);
    }
}
