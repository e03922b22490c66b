package io.taskrunner.console.service.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.console.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T09:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void fiveFailuresWithinAMinute_lockTheNameForAMinute() {
        for (int i = 0; i < 4; i++) {
            assertThat(throttle.failed("button")).isFalse();
            clock.advance(Duration.ofSeconds(10));
        }
        assertThat(throttle.isLocked("button")).isFalse();

        assertThat(throttle.failed("button")).isTrue();

        assertThat(throttle.isLocked("button")).isTrue();
        assertThat(throttle.isLocked("other")).isFalse();
        clock.advance(Duration.ofSeconds(59));
        assertThat(throttle.isLocked("button")).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.isLocked("button")).isFalse();
    }

    @Test
    void failuresSpreadOverMoreThanAMinute_doNotLock() {
        for (int i = 0; i < 20; i++) {
            assertThat(throttle.failed("button")).isFalse();
            clock.advance(Duration.ofSeconds(16));
        }
        assertThat(throttle.isLocked("button")).isFalse();
    }

    @Test
    void aSuccessfulLogin_forgetsEarlierFailures() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("button");
        }
        throttle.succeeded("button");

        assertThat(throttle.failed("button")).isFalse();
        assertThat(throttle.isLocked("button")).isFalse();
    }

    @Test
    void afterALockEnds_fiveNewFailuresAreNeededAgain() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("button");
        }
        clock.advance(LoginThrottle.LOCKOUT);

        for (int i = 0; i < 4; i++) {
            assertThat(throttle.failed("button")).isFalse();
        }
        assertThat(throttle.failed("button")).isTrue();
    }

    @Test
    void manyGuessedNames_areForgottenOnceStale() {
        for (int i = 0; i < 12_000; i++) {
            throttle.failed("name-" + i);
        }
        clock.advance(LoginThrottle.WINDOW.plusSeconds(1));

        throttle.failed("one-more");

        assertThat(throttle.isLocked("one-more")).isFalse();
        assertThat(throttle.trackedNames()).isEqualTo(1);
    }
}
