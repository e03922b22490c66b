package io.taskrunner.protocol.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per caller: {@code burst} requests at once, refilled at {@code perSecond}. Buckets that filled up
 * again are forgotten once there are many, so a scan from many addresses cannot grow the map without end.
 */
public final class RateLimiter {
    private static final int TIDY_ABOVE = 10_000;

    private final double perNano;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        private double tokens;
        private long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }
    }

    public RateLimiter(int perSecond, int burst, LongSupplier nanoTime) {
        if (perSecond < 1 || burst < 1) {
            throw new IllegalArgumentException("perSecond and burst must be at least 1");
        }
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.nanoTime = nanoTime;
    }

    /** Takes one request from {@code key}'s bucket: 0 when allowed, else the whole seconds until the next one is. */
    public long acquire(String key) {
        long now = nanoTime.getAsLong();
        if (buckets.size() > TIDY_ABOVE) {
            buckets.values().removeIf(bucket -> {
                synchronized (bucket) {
                    return refill(bucket, now) >= burst;
                }
            });
        }
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
        synchronized (bucket) {
            double tokens = refill(bucket, now);
            if (tokens >= 1) {
                bucket.tokens = tokens - 1;
                return 0;
            }
            bucket.tokens = tokens;
            return Math.max(1, (long) Math.ceil((1 - tokens) / perNano / 1e9));
        }
    }

    private double refill(Bucket bucket, long now) {
        double tokens = Math.min(burst, bucket.tokens + (now - bucket.refilledAt) * perNano);
        bucket.refilledAt = now;
        bucket.tokens = tokens;
        return tokens;
    }
}
