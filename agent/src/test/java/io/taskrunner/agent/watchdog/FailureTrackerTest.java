package io.taskrunner.agent.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.protocol.definition.watchdog.Threshold;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailureTrackerTest {
    private static final Instant T0 = Instant.parse("2026-11-22T01:00:00Z");

    @Test
    void takesTheFirstStep_onlyOnceTheFailureCountIsReached() {
        FailureTracker tracker = new FailureTracker(new Threshold(3, 0), 2, false);

        assertThat(tracker.failed(T0).takesStep()).isFalse();
        assertThat(tracker.failed(T0.plusSeconds(10)).takesStep()).isFalse();
        assertThat(tracker.failed(T0.plusSeconds(20)).step()).isZero();
    }

    @Test
    void climbsOneStepPerFurtherFailure_andStopsAtTheLast() {
        FailureTracker tracker = new FailureTracker(Threshold.FIRST_FAILURE, 3, false);

        assertThat(tracker.failed(T0).step()).isZero();
        assertThat(tracker.failed(T0).step()).isEqualTo(1);
        assertThat(tracker.failed(T0).step()).isEqualTo(2);
        assertThat(tracker.failed(T0).takesStep()).isFalse();
        assertThat(tracker.failed(T0).takesStep()).isFalse();
    }

    @Test
    void waitsForTheSecondsThreshold_countedFromTheFirstFailure() {
        FailureTracker tracker = new FailureTracker(new Threshold(1, 60), 1, false);

        assertThat(tracker.failed(T0).takesStep()).isFalse();
        assertThat(tracker.failed(T0.plusSeconds(59)).takesStep()).isFalse();
        assertThat(tracker.failed(T0.plusSeconds(60)).step()).isZero();
    }

    @Test
    void healthyCheck_startsOver_andIsARecoveryOnlyAfterAStep() {
        FailureTracker tracker = new FailureTracker(new Threshold(2, 0), 1, false);

        tracker.failed(T0);
        assertThat(tracker.healthy().recovered()).isFalse();
        assertThat(tracker.failed(T0).takesStep()).isFalse();
        assertThat(tracker.failed(T0).takesStep()).isTrue();
        assertThat(tracker.healthy().recovered()).isTrue();
        assertThat(tracker.healthy().recovered()).isFalse();
        assertThat(tracker.failures()).isZero();
    }

    @Test
    void resumedIncident_isClosedByAHealthyCheck_withoutClimbingAgain() {
        FailureTracker tracker = new FailureTracker(Threshold.FIRST_FAILURE, 2, false);
        tracker.resumeIncident();

        assertThat(tracker.failed(T0).takesStep()).isFalse();
        assertThat(tracker.healthy().recovered()).isTrue();
    }

    @Test
    void aRepeatingLastStep_isTakenOnEveryFurtherFailure() {
        FailureTracker tracker = new FailureTracker(Threshold.FIRST_FAILURE, 2, true);

        assertThat(tracker.failed(T0).step()).isZero();
        assertThat(tracker.failed(T0).step()).isEqualTo(1);
        assertThat(tracker.failed(T0).step()).isEqualTo(1);
        assertThat(tracker.failed(T0).step()).isEqualTo(1);
    }
}
