package io.taskrunner.protocol.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskrunner.protocol.ProtocolException;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void backoff_growsByTheMultiplier_fromTheFirstFailedAttempt() {
        RetryPolicy policy = new RetryPolicy(5, 10, 2.0, 3600);

        assertThat(policy.backoffMillis(1)).isEqualTo(10_000);
        assertThat(policy.backoffMillis(2)).isEqualTo(20_000);
        assertThat(policy.backoffMillis(3)).isEqualTo(40_000);
        assertThat(policy.backoffMillis(4)).isEqualTo(80_000);
    }

    @Test
    void backoff_isCappedAtMaxBackoffSeconds() {
        RetryPolicy policy = new RetryPolicy(10, 10, 3.0, 60);

        assertThat(policy.backoffMillis(2)).isEqualTo(30_000);
        assertThat(policy.backoffMillis(3)).as("90 s capped").isEqualTo(60_000);
        assertThat(policy.backoffMillis(100)).isEqualTo(60_000);
        assertThat(policy.backoffMillis(Integer.MAX_VALUE)).as("no overflow").isEqualTo(60_000);
    }

    @Test
    void backoff_withFractionalMultiplier_growsSlowly() {
        RetryPolicy policy = new RetryPolicy(3, 4, 1.5, 3600);

        assertThat(policy.backoffMillis(1)).isEqualTo(4_000);
        assertThat(policy.backoffMillis(2)).isEqualTo(6_000);
        assertThat(policy.backoffMillis(3)).isEqualTo(9_000);
    }

    @Test
    void backoff_forAttemptZeroOrBelow_isTheBaseWait() {
        RetryPolicy policy = new RetryPolicy(1, 7, 2.0, 3600);

        assertThat(policy.backoffMillis(0)).isEqualTo(7_000);
        assertThat(policy.backoffMillis(-3)).isEqualTo(7_000);
    }

    @Test
    void zeroes_meanTheDefaults() {
        RetryPolicy policy = new RetryPolicy(2, 5, 0, 0);

        assertThat(policy.multiplier()).isEqualTo(2.0);
        assertThat(policy.maxBackoffSeconds()).isEqualTo(3600);
        assertThat(RetryPolicy.NONE.count()).isZero();
        assertThat(RetryPolicy.NONE.backoffMillis(1)).isZero();
    }

    @Test
    void outOfRangeValues_areRefusedNamingTheField() {
        assertThat(refused(() -> new RetryPolicy(-1, 0, 0, 0)).field()).isEqualTo("count");
        assertThat(refused(() -> new RetryPolicy(101, 0, 0, 0)).field()).isEqualTo("count");
        assertThat(refused(() -> new RetryPolicy(1, -1, 0, 0)).field()).isEqualTo("backoffSeconds");
        assertThat(refused(() -> new RetryPolicy(1, 1, 0.5, 0)).field()).isEqualTo("multiplier");
        assertThat(refused(() -> new RetryPolicy(1, 1, Double.NaN, 0)).field()).isEqualTo("multiplier");
        assertThat(refused(() -> new RetryPolicy(1, 1, 11, 0)).field()).isEqualTo("multiplier");
        assertThat(refused(() -> new RetryPolicy(1, 1, 2, -1)).field()).isEqualTo("maxBackoffSeconds");
        assertThat(refused(() -> new RetryPolicy(1, 1, 2, 8 * 24 * 3600)).reason())
                .isEqualTo("must be between 1 and 604800, was 691200");
    }

    private static ProtocolException refused(Runnable construct) {
        ProtocolException e = catchThrowableOfType(ProtocolException.class, construct::run);
        assertThat(e).isNotNull();
        return e;
    }
}
