package io.taskrunner.console.it;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code mosquitto_pub} and {@code mosquitto_sub} as a device uses them: TLS against the console's CA, and
 * either a client certificate or a user name and password.
 */
final class MosquittoDevice {
    static final Duration WAIT = Duration.ofSeconds(30);

    /** How a device connects: {@code certFile}/{@code keyFile} or {@code user}/{@code password} (the other pair null). */
    record Device(int port, Path caFile, Path certFile, Path keyFile, String user, String password) {
        List<String> connectArgs() {
            List<String> args = new ArrayList<>(List.of("-h", "localhost", "-p", Integer.toString(port), "--cafile",
                    caFile.toString()));
            if (certFile != null) {
                args.addAll(List.of("--cert", certFile.toString(), "--key", keyFile.toString()));
            }
            if (user != null) {
                args.addAll(List.of("-u", user, "-P", password));
            }
            return args;
        }
    }

    private MosquittoDevice() {
    }

    /** Publishes {@code payload} (from stdin, so any bytes) with QoS 1; returns mosquitto_pub's exit code. */
    static int publish(Device device, String version, String topic, byte[] payload, String... extraArgs)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("mosquitto_pub", "-V", version, "-q", "1", "-t", topic, "-s"));
        command.addAll(device.connectArgs());
        command.addAll(List.of(extraArgs));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var stdin = process.getOutputStream()) {
            stdin.write(payload);
        }
        if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("mosquitto_pub on " + topic + " did not finish");
        }
        return process.exitValue();
    }

    static int publish(Device device, String version, String topic, String payload, String... extraArgs)
            throws IOException, InterruptedException {
        return publish(device, version, topic, payload.getBytes(StandardCharsets.UTF_8), extraArgs);
    }

    /** A running {@code mosquitto_sub}; each received message is one line in {@code format} (see its -F). */
    static final class Subscriber implements AutoCloseable {
        private final Process process;
        private final List<String> messages = new CopyOnWriteArrayList<>();
        private volatile boolean subscribed;

        Subscriber(Device device, String version, String topic, String format) throws IOException {
            // stdbuf: into a pipe, mosquitto_sub's stdio would hold its output back until it exits
            List<String> command = new ArrayList<>(List.of("stdbuf", "-oL", "mosquitto_sub", "-V", version, "-q", "1",
                    "-d", "-t", topic, "-F", format));
            command.addAll(device.connectArgs());
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
            Thread.ofVirtual().start(this::read);
            try {
                await("mosquitto_sub subscribed to " + topic).atMost(WAIT).until(() -> {
                    if (!process.isAlive() && !subscribed) {
                        throw new IllegalStateException("mosquitto_sub exited: " + messages);
                    }
                    return subscribed;
                });
            } catch (RuntimeException e) {
                process.destroyForcibly();
                throw e;
            }
        }

        private void read() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    // -d prints the protocol exchange; what is left are the messages
                    if (line.startsWith("Subscribed (")) {
                        subscribed = true;
                    } else if (!line.startsWith("Client ")) {
                        messages.add(line);
                    }
                }
            } catch (IOException e) {
                messages.add("read failed: " + e);
            }
        }

        List<String> messages() {
            return List.copyOf(messages);
        }

        boolean alive() {
            return process.isAlive();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
