package io.taskrunner.agent.field.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.taskrunner.agent.executor.CancellationToken;
import io.taskrunner.agent.field.FieldDeviceException;
import io.taskrunner.protocol.definition.SerialReadTask;
import io.taskrunner.protocol.definition.field.SerialPortSettings;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Framing on real streams: byte arrays where timing does not matter, a loopback socket with a 10 ms read timeout
 * (as a serial port's poll) where quiet time, deadlines and stale input do.
 */
class FrameReaderTest {
    private static final String DEVICE = "serial port test";
    private static final String SCALE = "^ST,GS,(?<weight>[-+0-9.]+)(?<unit>[a-z]+)$";

    private final CancellationToken cancel = new CancellationToken();
    private ServerSocket server;
    private Socket agentSide;
    private Socket deviceSide;
    private ScheduledExecutorService device;

    @BeforeEach
    void connect() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        agentSide = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        agentSide.setSoTimeout(10);
        deviceSide = server.accept();
        device = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("frame-test-device").factory());
    }

    @AfterEach
    void disconnect() throws IOException {
        device.shutdownNow();
        agentSide.close();
        deviceSide.close();
        server.close();
    }

    @Test
    void delimiter_endsTheFrame_whichExcludesIt() throws IOException {
        SerialFrame frame = reader(spec("\\r\\n", 0, 1000, 0, null, null))
                .readFrame(bytes("ST,GS,+0012.34kg\r\nnext"), cancel, false);

        assertThat(frame.text()).isEqualTo("ST,GS,+0012.34kg");
        assertThat(frame.bytes()).hasSize(16);
        assertThat(frame.values()).isEmpty();
    }

    @Test
    void delimiter_ofControlBytes_isDecodedFromEscapes() throws IOException {
        SerialFrame frame = reader(spec("\\x03", 0, 1000, 0, null, null))
                .readFrame(bytes("\u0002DATA\u0003\u0002MORE\u0003"), cancel, false);

        assertThat(frame.text()).isEqualTo("\u0002DATA");
        assertThat(frame.printable()).isEqualTo("\\x02DATA");
    }

    @Test
    void emptyFrames_betweenDelimiters_areSkipped() throws IOException {
        SerialFrame frame = reader(spec("\\r\\n", 0, 1000, 0, null, null))
                .readFrame(bytes("\r\n\r\nX\r\n"), cancel, false);

        assertThat(frame.text()).isEqualTo("X");
    }

    @Test
    void length_endsTheFrameAfterThatManyBytes() throws IOException {
        SerialFrame frame = reader(spec(null, 4, 1000, 0, null, null))
                .readFrame(bytes("ABCDEFGH"), cancel, false);

        assertThat(frame.text()).isEqualTo("ABCD");
    }

    @Test
    void idle_endsTheFrameAfterQuietTime() throws IOException {
        send("HELLO\r\nWORLD");
        long start = System.nanoTime();

        SerialFrame frame = reader(spec(null, 0, 2000, 80, null, null)).readFrame(agentInput(), cancel, false);

        assertThat(frame.text()).isEqualTo("HELLO\r\nWORLD");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(80),
                Duration.ofMillis(1500));
    }

    @Test
    void idle_splitsFramesAtQuietGaps() throws IOException {
        device.execute(() -> write("ONE"));
        device.schedule(() -> write("TWO"), 400, TimeUnit.MILLISECONDS);

        SerialFrame frame = reader(spec(null, 0, 3000, 100, "^TWO$", null)).readFrame(agentInput(), cancel, false);

        assertThat(frame.text()).isEqualTo("TWO");
    }

    @Test
    void pattern_skipsFramesUntilOneMatches_andTypesItsGroups() throws IOException {
        SerialFrame frame = reader(spec("\\r\\n", 0, 1000, 0, SCALE, null))
                .readFrame(bytes("GS,+0012.3\r\nUS,GS,+0011.90kg\r\nST,GS,+0012.34kg\r\nST,GS,+0099.00kg\r\n"),
                        cancel, false);

        assertThat(frame.text()).isEqualTo("ST,GS,+0012.34kg");
        assertThat(frame.values()).containsExactly(java.util.Map.entry("weight", 12.34),
                java.util.Map.entry("unit", "kg"));
    }

    @Test
    void timeout_whenTheDeviceIsSilent_saysSo() {
        long start = System.nanoTime();

        assertThatThrownBy(() -> reader(spec("\\r\\n", 0, 200, 0, null, null)).read(agentInput(), cancel))
                .isInstanceOf(FieldDeviceException.class)
                .hasMessage("serial port test: no frame within 200 ms: the device sent nothing");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(200),
                Duration.ofMillis(1500));
    }

    @Test
    void timeout_withOnlyFramesNotMatching_namesThePatternAndTheLastFrame() {
        device.execute(() -> write("US,GS,+0011.90kg\r\nUS,GS,+0012.00kg\r\n"));

        assertThatThrownBy(() -> reader(spec("\\r\\n", 0, 300, 0, SCALE, null)).readFrame(agentInput(), cancel,
                false))
                .isInstanceOf(FieldDeviceException.class)
                .hasMessageContaining("no frame matching " + SCALE + " within 300 ms")
                .hasMessageEndingWith("last frame: 'US,GS,+0012.00kg'");
    }

    @Test
    void timeout_withAnUnfinishedFrame_showsWhatCame() {
        device.execute(() -> write("ST,GS,+00"));

        assertThatThrownBy(() -> reader(spec("\\r\\n", 0, 300, 0, null, null)).readFrame(agentInput(), cancel,
                false))
                .isInstanceOf(FieldDeviceException.class)
                .hasMessageContaining("no complete frame within 300 ms (frames end at \\r\\n); received 9 bytes:"
                        + " 'ST,GS,+00'");
    }

    @Test
    void oversizeFrame_isAnError() {
        byte[] flood = new byte[Framing.MAX_FRAME + 10];
        Arrays.fill(flood, (byte) 'A');

        assertThatThrownBy(() -> reader(spec("\\n", 0, 1000, 0, null, null))
                .readFrame(new ByteArrayInputStream(flood), cancel, false))
                .isInstanceOf(FieldDeviceException.class)
                .hasMessageContaining("frame longer than 65536 bytes");
    }

    @Test
    void frameOfTheLargestSize_isAccepted() throws IOException {
        byte[] largest = new byte[Framing.MAX_FRAME + 2];
        Arrays.fill(largest, (byte) 'A');
        largest[largest.length - 2] = '\r';
        largest[largest.length - 1] = '\n';

        SerialFrame frame = reader(spec("\\r\\n", 0, 1000, 0, null, null))
                .readFrame(new ByteArrayInputStream(largest), cancel, false);

        assertThat(frame.bytes()).hasSize(Framing.MAX_FRAME);
    }

    @Test
    void charset_decodesTheText_andTheDelimiter() throws IOException {
        byte[] latin1 = "Temp 21°C;".getBytes(StandardCharsets.ISO_8859_1);
        byte[] utf8 = "温度 21°C;".getBytes(StandardCharsets.UTF_8);

        SerialFrame western = reader(spec(";", 0, 1000, 0, "(?<t>[0-9]+)°C", "ISO-8859-1"))
                .readFrame(new ByteArrayInputStream(latin1), cancel, false);
        SerialFrame unicode = reader(spec(";", 0, 1000, 0, null, "UTF-8"))
                .readFrame(new ByteArrayInputStream(utf8), cancel, false);

        assertThat(western.text()).isEqualTo("Temp 21°C");
        assertThat(western.values()).containsEntry("t", 21L);
        assertThat(unicode.text()).isEqualTo("温度 21°C");
    }

    @Test
    void staleInput_isDiscarded_andTheRestOfAFrameItCutDoesNotCount() throws IOException {
        send("ST,GS,+0001.00kg\r\nST,GS,+00");
        await().atMost(Duration.ofSeconds(5)).until(() -> agentInput().available() == 27);
        FrameReader reader = reader(spec("\\r\\n", 0, 2000, 0, null, null));

        boolean midFrame = reader.discardStale(agentInput());
        send("02.00kg\r\nST,GS,+0003.00kg\r\n");
        SerialFrame frame = reader.readFrame(agentInput(), cancel, midFrame);

        assertThat(midFrame).isTrue();
        assertThat(frame.text()).isEqualTo("ST,GS,+0003.00kg");
    }

    @Test
    void staleInput_endingAtADelimiter_leavesTheNextFrameWhole() throws IOException {
        send("ST,GS,+0001.00kg\r\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> agentInput().available() == 18);
        FrameReader reader = reader(spec("\\r\\n", 0, 2000, 0, null, null));

        boolean midFrame = reader.discardStale(agentInput());
        send("ST,GS,+0002.00kg\r\n");

        assertThat(midFrame).isFalse();
        assertThat(reader.readFrame(agentInput(), cancel, midFrame).text()).isEqualTo("ST,GS,+0002.00kg");
    }

    @Test
    void cancellation_endsTheWait() {
        device.schedule(cancel::cancel, 100, TimeUnit.MILLISECONDS);

        assertThatThrownBy(() -> reader(spec("\\r\\n", 0, 10_000, 0, null, null)).read(agentInput(), cancel))
                .isInstanceOf(FieldDeviceException.class)
                .hasMessage("serial port test: cancelled while waiting for a frame");
    }

    @Test
    void endOfStream_isAnIoFailure_notATimeout() {
        assertThatThrownBy(() -> reader(spec("\\r\\n", 0, 1000, 0, null, null))
                .readFrame(bytes("no delimiter"), cancel, false))
                .isInstanceOf(EOFException.class);
    }

    private static FrameReader reader(SerialReadTask spec) {
        return new FrameReader(Framing.of(spec), DEVICE);
    }

    private static SerialReadTask spec(String delimiter, int length, int timeoutMillis, int idleMillis, String pattern,
            String charset) {
        return new SerialReadTask(SerialPortSettings.named("/dev/null"), delimiter, length, timeoutMillis, idleMillis,
                pattern, charset);
    }

    private static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private InputStream agentInput() throws IOException {
        return agentSide.getInputStream();
    }

    private void send(String text) throws IOException {
        OutputStream out = deviceSide.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private void write(String text) {
        try {
            send(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
