package io.taskrunner.console.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final AtomicLong nanos = new AtomicLong();
    private final RateLimiter limiter = new RateLimiter(20, 40, nanos::get);

    @Test
    void burst_isAllowed_thenTheCallerWaits_untilTheBucketRefills() {
        for (int i = 0; i < 40; i++) {
            assertThat(limiter.acquire("token:erp")).as("request %d", i).isZero();
        }
        assertThat(limiter.acquire("token:erp")).isEqualTo(1);

        nanos.addAndGet(50_000_000);
        assertThat(limiter.acquire("token:erp")).as("one refilled after 1/20 s").isZero();
        assertThat(limiter.acquire("token:erp")).isEqualTo(1);
    }

    @Test
    void callers_haveTheirOwnBuckets() {
        for (int i = 0; i < 40; i++) {
            limiter.acquire("token:erp");
        }

        assertThat(limiter.acquire("token:erp")).isPositive();
        assertThat(limiter.acquire("token:bot")).isZero();
    }
}
