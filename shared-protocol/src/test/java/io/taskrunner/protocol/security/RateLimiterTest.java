package io.taskrunner.protocol.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RateLimiter limiter = new RateLimiter(20, 40, now::get);

    @Test
    void burstIsAllowedAtOnce_thenTheRateApplies() {
        for (int i = 0; i < 40; i++) {
            assertThat(limiter.acquire("token:erp")).as("request %d", i).isZero();
        }
        assertThat(limiter.acquire("token:erp")).isEqualTo(1);

        now.addAndGet(50_000_000L);

        assertThat(limiter.acquire("token:erp")).as("one more after 1/20 s").isZero();
        assertThat(limiter.acquire("token:erp")).isEqualTo(1);
    }

    @Test
    void eachCallerHasItsOwnBucket() {
        for (int i = 0; i < 40; i++) {
            limiter.acquire("token:erp");
        }

        assertThat(limiter.acquire("token:erp")).isPositive();
        assertThat(limiter.acquire("token:mes")).isZero();
        assertThat(limiter.acquire("address:10.0.0.7")).isZero();
    }

    @Test
    void retryAfter_isTheWholeSecondsUntilTheNextRequestIsAllowed() {
        RateLimiter slow = new RateLimiter(1, 1, now::get);
        slow.acquire("k");

        assertThat(slow.acquire("k")).isEqualTo(1);
        RateLimiter verySlow = new RateLimiter(1, 1, now::get);
        verySlow.acquire("k");
        now.addAndGet(100_000_000L);
        assertThat(verySlow.acquire("k")).isEqualTo(1);
    }

    @Test
    void aRateOrBurstBelowOne_isRefused() {
        assertThatThrownBy(() -> new RateLimiter(0, 5, System::nanoTime))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new RateLimiter(5, 0, System::nanoTime))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
