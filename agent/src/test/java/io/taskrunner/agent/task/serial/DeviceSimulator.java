package io.taskrunner.agent.task.serial;

import com.fazecast.jSerialComm.SerialPort;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A serial device on the far end of a pty pair, driven through jSerialComm like a real port: a scale streaming
 * frames, or a responder answering CR LF terminated commands. Runs on its own named thread until closed.
 */
public final class DeviceSimulator implements AutoCloseable {
    private final SerialPort port;
    private final Thread thread;
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final AtomicInteger overlaps = new AtomicInteger();
    private volatile boolean running = true;

    private DeviceSimulator(Path device, String name, Runnable loop) {
        port = SerialPort.getCommPort(device.toString());
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 100, 0);
        if (!port.openPort()) {
            throw new IllegalStateException("simulator cannot open " + device + ": error " + port.getLastErrorCode());
        }
        thread = Thread.ofPlatform().name("serial-simulator-" + name).daemon().unstarted(loop);
    }

    /**
     * A scale sending an unstable frame then a stable one ({@code ST,GS,+0012.34kg}) every {@code periodMillis};
     * numbered frames end with {@code #<n>} so a test can tell them apart.
     */
    public static DeviceSimulator scale(Path device, int periodMillis, boolean numbered) {
        AtomicInteger sequence = new AtomicInteger();
        DeviceSimulator[] self = new DeviceSimulator[1];
        self[0] = new DeviceSimulator(device, "scale", () -> {
            while (self[0].running) {
                String suffix = numbered ? " #" + sequence.incrementAndGet() : "";
                self[0].send("US,GS,+0011.90kg" + suffix + "\r\nST,GS,+0012.34kg" + suffix + "\r\n");
                self[0].pause(periodMillis);
            }
        });
        self[0].thread.start();
        return self[0];
    }

    /**
     * Answers each command with {@code answers.apply(command)} plus CR LF after {@code delayMillis} ({@code null}:
     * no answer), noting a command that arrived while it was still busy with the one before.
     */
    public static DeviceSimulator responder(Path device, int delayMillis, UnaryOperator<String> answers) {
        DeviceSimulator[] self = new DeviceSimulator[1];
        self[0] = new DeviceSimulator(device, "responder", () -> self[0].respond(delayMillis, answers));
        self[0].thread.start();
        return self[0];
    }

    /** The commands received so far, without CR LF. */
    List<String> commands() {
        return List.copyOf(commands);
    }

    /** How often a command arrived before the answer to the previous one was sent. */
    int overlaps() {
        return overlaps.get();
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            port.closePort();
        }
    }

    private void respond(int delayMillis, UnaryOperator<String> answers) {
        StringBuilder line = new StringBuilder();
        byte[] buffer = new byte[256];
        while (running) {
            int n = port.readBytes(buffer, buffer.length);
            if (n < 0) {
                return;
            }
            line.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            int end;
            while ((end = line.indexOf("\r\n")) >= 0) {
                String command = line.substring(0, end);
                line.delete(0, end + 2);
                commands.add(command);
                String answer = answers.apply(command);
                if (answer != null) {
                    pause(delayMillis);
                    if (line.length() > 0 || port.bytesAvailable() > 0) {
                        overlaps.incrementAndGet();
                    }
                    send(answer + "\r\n");
                }
            }
        }
    }

    private void send(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        port.writeBytes(bytes, bytes.length);
    }

    /** The device's own pace (its processing time or send period), not a test waiting for something. */
    private void pause(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            running = false;
        }
    }
}
