package io.taskrunner.agent.task.javascript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.taskrunner.agent.task.TaskException;
import io.taskrunner.agent.task.javascript.JsGuard.Stop;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JsGuardTest {

    @Test
    void check_onceStopped_throwsOnEveryCall() {
        JsGuard guard = new JsGuard(Duration.ofMinutes(1), 0);
        guard.check();

        guard.stop(Stop.CANCELLED);

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(guard::tick).isInstanceOf(TaskException.class)
                    .hasMessage("script stopped: cancelled");
            assertThatThrownBy(guard::check).isInstanceOf(TaskException.class);
        }
    }

    @Test
    void stop_keepsTheFirstReason() {
        JsGuard guard = new JsGuard(Duration.ofMinutes(1), 0);

        assertThat(guard.stop(Stop.TIMED_OUT)).isEqualTo(Stop.TIMED_OUT);
        assertThat(guard.stop(Stop.CANCELLED)).isEqualTo(Stop.TIMED_OUT);
        assertThat(guard.reason()).isEqualTo(Stop.TIMED_OUT);
    }

    @Test
    void check_whenDeadlinePassed_stopsAsTimedOut() {
        JsGuard guard = new JsGuard(Duration.ZERO, 0);

        assertThatThrownBy(guard::check).hasMessage("script stopped: timed out after 0 s");
        assertThat(guard.reason()).isEqualTo(Stop.TIMED_OUT);
        assertThat(guard.remaining()).isZero();
    }

    @Test
    void sleep_whenStoppedMeanwhile_wakesAndThrows() {
        JsGuard guard = new JsGuard(Duration.ofMinutes(1), 0);
        CompletableFuture<Throwable> sleeper = CompletableFuture.supplyAsync(() -> {
            try {
                guard.sleep(60_000);
                return null;
            } catch (TaskException e) {
                return e;
            }
        });

        guard.stop(Stop.CANCELLED);

        Throwable woke = await().atMost(Duration.ofSeconds(2)).until(() -> sleeper.getNow(null), e -> e != null);
        assertThat(woke).hasMessage("script stopped: cancelled");
    }

    @Test
    void onStop_runsTheCallbackOnceAndNotAfterClose() {
        JsGuard guard = new JsGuard(Duration.ofMinutes(1), 0);
        AtomicInteger kept = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        guard.onStop(kept::incrementAndGet);
        guard.onStop(closed::incrementAndGet).close();

        guard.stop(Stop.CANCELLED);
        guard.stop(Stop.TIMED_OUT);

        assertThat(kept).hasValue(1);
        assertThat(closed).hasValue(0);
        guard.onStop(kept::incrementAndGet);
        assertThat(kept).hasValue(2);
    }

    @Test
    void watch_whenDeadlinePassed_stopsTheRun() {
        JsGuard guard = new JsGuard(Duration.ZERO, 0);

        guard.watch(Thread.currentThread());

        assertThat(guard.reason()).isEqualTo(Stop.TIMED_OUT);
        assertThat(guard.sinceStopped()).isGreaterThanOrEqualTo(Duration.ZERO);
    }
}
