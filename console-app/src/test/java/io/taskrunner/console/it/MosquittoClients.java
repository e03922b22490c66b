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
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code mosquitto_pub} and {@code mosquitto_sub} as a device runs them: TLS trusting the console CA, user
 * name and password, no client certificate. Every process runs with a time limit and is killed on close.
 */
final class MosquittoClients {
    static final Duration PROCESS_LIMIT = Duration.ofSeconds(30);

    private final int port;
    private final Path caFile;

    MosquittoClients(int port, Path caFile) {
        this.port = port;
        this.caFile = caFile;
    }

    /** A device's login: user name, password and optionally a client id (null lets the client choose). */
    record Login(String user, String password, String clientId) {
        Login(String user, String password) {
            this(user, password, null);
        }
    }

    /** How a {@code mosquitto_pub} run ended. */
    record Result(int exitCode, String output) {
    }

    /** Publishes one QoS 1 message and waits for {@code mosquitto_pub} to end. */
    Result publish(String version, Login login, String topic, String payload) throws Exception {
        List<String> command = command("mosquitto_pub", version, login);
        command.addAll(List.of("-t", topic, "-m", payload));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(PROCESS_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("mosquitto_pub did not end within " + PROCESS_LIMIT);
            }
            return new Result(process.exitValue(),
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
        }
    }

    /** Starts {@code mosquitto_sub -v} on the filters; its output lines are "topic payload". */
    Subscriber subscribe(String version, Login login, String... filters) throws IOException {
        return subscribe(version, login, List.of(), filters);
    }

    /** Like {@link #subscribe(String, Login, String...)}, leaving a QoS 1 will for when it vanishes. */
    Subscriber subscribeWithWill(String version, Login login, String willTopic, String willPayload,
            String... filters) throws IOException {
        return subscribe(version, login, List.of("--will-topic", willTopic, "--will-payload", willPayload,
                "--will-qos", "1"), filters);
    }

    private Subscriber subscribe(String version, Login login, List<String> options, String... filters)
            throws IOException {
        List<String> command = command("mosquitto_sub", version, login);
        command.add("-v");
        command.addAll(options);
        for (String filter : filters) {
            command.addAll(List.of("-t", filter));
        }
        return new Subscriber(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    private List<String> command(String program, String version, Login login) {
        List<String> command = new ArrayList<>(List.of(program, "-h", "localhost", "-p", String.valueOf(port),
                "--cafile", caFile.toString(), "-V", version, "-q", "1", "-u", login.user(), "-P", login.password()));
        if (login.clientId() != null) {
            command.addAll(List.of("-i", login.clientId()));
        }
        return command;
    }

    /** A running {@code mosquitto_sub}; its output is collected by a reader thread. */
    static final class Subscriber implements AutoCloseable {
        private final Process process;
        private final StringBuffer output = new StringBuffer();
        private final Thread reader;

        Subscriber(Process process) {
            this.process = process;
            this.reader = Thread.ofVirtual().name("mosquitto_sub-" + process.pid()).start(this::read);
        }

        String output() {
            return output.toString();
        }

        /** True once the process ended and all it printed was read. */
        boolean hasEnded() {
            return !process.isAlive() && !reader.isAlive();
        }

        /** Waits until a line "topic payload" was printed. */
        void awaitMessage(String topic, String payload) {
            await("mosquitto_sub printing " + topic + " " + payload).atMost(PROCESS_LIMIT)
                    .until(() -> output().lines().anyMatch(line -> line.equals(topic + " " + payload)));
        }

        private void read() {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.append(line).append('\n');
                }
            } catch (IOException e) {
                output.append("(output closed: ").append(e.getMessage()).append(")\n");
            }
        }

        /** Kills it without a DISCONNECT, as a power cut would: the broker then publishes its will. */
        void kill() throws InterruptedException {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
