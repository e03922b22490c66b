package io.taskrunner.agent.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CancellationTokenTest {

    private final CancellationToken token = new CancellationToken();

    @Test
    void cancel_runsEachCallbackOnce() {
        AtomicInteger calls = new AtomicInteger();
        token.onCancel(calls::incrementAndGet);

        token.cancel();
        token.cancel();

        assertThat(token.isCancelled()).isTrue();
        assertThat(calls).hasValue(1);
    }

    @Test
    void onCancel_whenAlreadyCancelled_runsRightAway() {
        token.cancel();
        AtomicInteger calls = new AtomicInteger();

        token.onCancel(calls::incrementAndGet);

        assertThat(calls).hasValue(1);
    }

    @Test
    void cancel_whenACallbackThrows_stillRunsTheOthers() {
        AtomicInteger calls = new AtomicInteger();
        token.onCancel(() -> {
            throw new IllegalStateException("broken callback");
        });
        token.onCancel(calls::incrementAndGet);

        token.cancel();

        assertThat(calls).hasValue(1);
    }

    @Test
    void newToken_isNotCancelled() {
        assertThat(token.isCancelled()).isFalse();
    }
}
