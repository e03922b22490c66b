package io.taskrunner.agent.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.protocol.definition.watchdog.Backoff;
import io.taskrunner.protocol.definition.watchdog.RestartBudget;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {
    private static final Instant T0 = Instant.parse("2026-11-22T01:00:00Z");
    private static final Duration SHORT_RUN = Duration.ofMillis(100);

    @Test
    void restartsAtOnce_thenBacksOffExponentially_upToTheMaximum() {
        RestartPolicy policy = new RestartPolicy(new RestartBudget(100, 600), new Backoff(1000, 5000, 2, 60));

        assertThat(policy.next(T0, SHORT_RUN)).contains(Duration.ZERO);
        assertThat(policy.next(T0, SHORT_RUN)).contains(Duration.ofSeconds(1));
        assertThat(policy.next(T0, SHORT_RUN)).contains(Duration.ofSeconds(2));
        assertThat(policy.next(T0, SHORT_RUN)).contains(Duration.ofSeconds(4));
        assertThat(policy.next(T0, SHORT_RUN)).contains(Duration.ofSeconds(5));
    }

    @Test
    void aStableRun_startsTheBackoffAfresh() {
        RestartPolicy policy = new RestartPolicy(new RestartBudget(100, 600), new Backoff(1000, 5000, 2, 60));
        policy.next(T0, SHORT_RUN);
        policy.next(T0, SHORT_RUN);

        assertThat(policy.next(T0.plusSeconds(70), Duration.ofSeconds(61))).contains(Duration.ZERO);
        policy.next(T0, SHORT_RUN);
        policy.stable();
        assertThat(policy.next(T0.plusSeconds(80), SHORT_RUN)).contains(Duration.ZERO);
    }

    @Test
    void givesUp_whenTheBudgetOfTheWindowIsSpent_andAllowsMoreOnceItSlides() {
        RestartPolicy policy = new RestartPolicy(new RestartBudget(3, 600), new Backoff(0, 1, 1, 60));

        for (int i = 0; i < 3; i++) {
            assertThat(policy.next(T0.plusSeconds(i), SHORT_RUN)).isPresent();
        }
        assertThat(policy.next(T0.plusSeconds(10), SHORT_RUN)).isEqualTo(Optional.empty());
        assertThat(policy.next(T0.plusSeconds(599), SHORT_RUN)).isEmpty();
        assertThat(policy.next(T0.plusSeconds(600), SHORT_RUN)).isPresent();
        assertThat(policy.total()).isEqualTo(4);
    }
}
