package io.taskrunner.agent.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputCaptureTest {

    private final RecordingListener listener = new RecordingListener();

    @Test
    void pump_passesTextOnInBatchesOfTheConfiguredSize() {
        OutputCapture capture = new OutputCapture(listener, 1_000_000, 100);
        byte[] bytes = "x".repeat(1000).getBytes(StandardCharsets.UTF_8);

        // The stream hands over at most 8 KiB per read, so 1000 bytes arrive at once and become one batch.
        capture.pump(new ByteArrayInputStream(bytes), OutputStreamKind.STDOUT);

        assertThat(listener.stdout()).hasSize(1000);
        assertThat(listener.calls()).isEqualTo(1);
        assertThat(capture.totalBytes()).isEqualTo(1000);
        assertThat(capture.truncated()).isFalse();
    }

    @Test
    void accept_whenBatchIsNotFull_waitsForFlush() {
        OutputCapture capture = new OutputCapture(listener, 1_000_000, 4096);
        byte[] bytes = "line\n".getBytes(StandardCharsets.UTF_8);

        capture.accept(OutputStreamKind.STDERR, bytes, bytes.length);
        assertThat(listener.calls()).isZero();
        capture.flushPending();

        assertThat(listener.stderr()).isEqualTo("line\n");
    }

    @Test
    void accept_beyondLimit_dropsTheRestAndNeverSplitsACharacter() {
        OutputCapture capture = new OutputCapture(listener, 4, 4096);
        byte[] bytes = "ab€cd".getBytes(StandardCharsets.UTF_8); // € is 3 bytes: the limit cuts it

        capture.accept(OutputStreamKind.STDOUT, bytes, bytes.length);
        capture.accept(OutputStreamKind.STDERR, bytes, bytes.length);
        capture.close();

        assertThat(listener.stdout()).isEqualTo("ab");
        assertThat(listener.stderr()).isEmpty();
        assertThat(capture.truncated()).isTrue();
        assertThat(capture.totalBytes()).isEqualTo(2L * bytes.length);
    }

    @Test
    void close_stopsAllLaterDelivery() {
        OutputCapture capture = new OutputCapture(listener, 1_000_000, 1);
        capture.close();
        byte[] bytes = "late".getBytes(StandardCharsets.UTF_8);

        capture.accept(OutputStreamKind.STDOUT, bytes, bytes.length);

        assertThat(listener.calls()).isZero();
    }

    @Test
    void pump_whenListenerThrows_keepsDraining() {
        int[] calls = {0};
        OutputCapture capture = new OutputCapture((stream, text) -> {
            calls[0]++;
            throw new IllegalStateException("listener broke");
        }, 1_000_000, 10);

        capture.pump(new ByteArrayInputStream(new byte[100_000]), OutputStreamKind.STDOUT);

        assertThat(capture.totalBytes()).isEqualTo(100_000);
        assertThat(calls[0]).isGreaterThan(1);
    }
}
