import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.taskrunner.console.core.ConsoleCore;
import io.taskrunner.console.core.ConsoleOptions;
import io.taskrunner.console.service.fleet.AgentSnapshot;
import io.taskrunner.console.service.local.LocalAgentLauncher;
import io.taskrunner.console.service.pki.CertificateAuthority;
import io.taskrunner.console.service.pki.IssuedCredential;
import io.taskrunner.protocol.mqtt.MqttClients;
import io.taskrunner.protocol.mqtt.MqttConnectionSettings;
import io.taskrunner.protocol.mqtt.TlsFiles;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Device trigger -> agent runs `true` -> reply back to the device, through the console's embedded broker or Debian's
 * mosquitto (TLS, set_tcp_nodelay true): latency of N sequential triggers (p50/p99/max) and runs/s of D devices
 * triggering at once, each beside a raw MQTT echo (a client that answers at once) through the same broker, same run.
 *
 * Usage: java -cp "console-app/target/taskrunner-console.jar:console-app/target/lib/*" bench/TriggerLatency.java \
 *        [embedded|mosquitto] [sequential=2000] [devices=50] [triggers per device=40]
 */
public class TriggerLatency {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String AGENT = "bench-agent";

    public static void main(String[] args) throws Exception {
        // the MQTT client's event-loop threads are not daemons and linger for minutes after the last client
        int status = 0;
        try {
            measure(args);
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    private static void measure(String[] args) throws Exception {
        String broker = args.length > 0 ? args[0] : "embedded";
        int sequential = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int devices = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        int perDevice = args.length > 3 ? Integer.parseInt(args[3]) : 40;
        Path dir = Files.createTempDirectory("taskrunner-trigger-bench");
        Path consoleDir = dir.resolve("console");
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(consoleDir.resolve("pki"), ConsoleCore.CA_NAME);
        Process mosquitto = null;
        ConsoleOptions options;
        if (broker.equals("mosquitto")) {
            int port = freePort();
            mosquitto = startMosquitto(dir.resolve("mosquitto"), port, ca);
            options = ConsoleOptions.external(consoleDir, "localhost", port);
        } else {
            options = ConsoleOptions.embedded(consoleDir, "127.0.0.1", freePort());
        }
        Process agent = null;
        try (ConsoleCore console = ConsoleCore.start(options, Clock.systemUTC())) {
            int port = console.brokerPort();
            Path agentDir = dir.resolve("agent");
            Path bundle = dir.resolve("bundle.json");
            console.enrolment().enrolToFile(AGENT, bundle);
            run(agentCommand("enroll", "--bundle", bundle.toString(), "--data-dir", agentDir.toString()));
            Files.writeString(agentDir.resolve("definitions.json"), """
                    {"tasks": [{"name": "true", "type": "command", "channel": "bench", "spec": {"program": "true"}}],
                     "channels": [{"name": "bench", "workers": 8}]}
                    """);
            agent = new ProcessBuilder(agentCommand("run", "--data-dir", agentDir.toString())).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("agent.log").toFile()).start();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!console.fleet().agent(AGENT).map(AgentSnapshot::online).orElse(false)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("agent not online; see " + dir.resolve("agent.log"));
                }
                Thread.sleep(50); // waiting for a separate process to come up, not synchronising the measurement
            }
            String triggerTopic = "taskrunner/v1/agents/" + AGENT + "/trigger/true";
            try (Echo echo = new Echo(client(ca, dir, "bench-echo", port))) {
                System.out.printf("%s broker, %d sequential triggers (after 200 warm-up), %d devices x %d%n", broker,
                        sequential, devices, perDevice);
                report("raw echo", measureSequential(ca, dir, port, "bench/echo/req", sequential));
                report("trigger -> true -> reply", measureSequential(ca, dir, port, triggerTopic, sequential));
                System.out.printf("%-26s %8.0f msg/s%n", "raw echo, concurrent",
                        measureConcurrent(ca, dir, port, "bench/echo/req", devices, perDevice));
                System.out.printf("%-26s %8.0f runs/s%n", "trigger, concurrent",
                        measureConcurrent(ca, dir, port, triggerTopic, devices, perDevice));
            }
        } finally {
            if (agent != null) {
                agent.destroy();
                agent.waitFor(20, TimeUnit.SECONDS);
            }
            if (mosquitto != null) {
                mosquitto.destroy();
                mosquitto.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** A client that answers every request at once: what the broker alone costs. */
    static final class Echo implements AutoCloseable {
        private final Mqtt5AsyncClient client;

        Echo(Mqtt5AsyncClient client) throws Exception {
            this.client = client;
            client.subscribeWith().topicFilter("bench/echo/req").qos(MqttQos.AT_LEAST_ONCE).callback(request ->
                    request.getResponseTopic().ifPresent(topic -> {
                        var reply = client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                                .payload("{\"state\":\"echo\"}".getBytes(StandardCharsets.UTF_8));
                        request.getCorrelationData().ifPresent(reply::correlationData);
                        reply.send();
                    })).send().get(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws Exception {
            client.disconnect().get(10, TimeUnit.SECONDS);
        }
    }

    /** One device: sends a request with a response topic and waits for the answer before the next. */
    static final class Device implements AutoCloseable {
        private final Mqtt5AsyncClient client;
        private final String replyTopic;
        private final Map<Long, CompletableFuture<Long>> waiting = new ConcurrentHashMap<>();
        private long next;

        Device(Mqtt5AsyncClient client, String name) throws Exception {
            this.client = client;
            this.replyTopic = "bench/replies/" + name;
            client.subscribeWith().topicFilter(replyTopic).qos(MqttQos.AT_LEAST_ONCE).callback(this::onReply).send()
                    .get(30, TimeUnit.SECONDS);
        }

        private void onReply(Mqtt5Publish reply) {
            long arrived = System.nanoTime();
            reply.getCorrelationData().ifPresent(data -> {
                CompletableFuture<Long> request = waiting.remove(data.duplicate().getLong());
                if (request != null) {
                    request.complete(arrived);
                }
            });
        }

        /** Round trip in nanoseconds. */
        long roundTrip(String topic) throws Exception {
            long id = next++;
            CompletableFuture<Long> answer = new CompletableFuture<>();
            waiting.put(id, answer);
            long sent = System.nanoTime();
            client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).responseTopic(replyTopic)
                    .correlationData(ByteBuffer.allocate(8).putLong(0, id)).payload(new byte[0]).send();
            return answer.get(WAIT.toSeconds(), TimeUnit.SECONDS) - sent;
        }

        @Override
        public void close() throws Exception {
            client.disconnect().get(10, TimeUnit.SECONDS);
        }
    }

    static long[] measureSequential(CertificateAuthority ca, Path dir, int port, String topic, int count)
            throws Exception {
        try (Device device = new Device(client(ca, dir, "bench-device", port), "seq")) {
            for (int i = 0; i < 200; i++) {
                device.roundTrip(topic);
            }
            long[] nanos = new long[count];
            for (int i = 0; i < count; i++) {
                nanos[i] = device.roundTrip(topic);
            }
            Arrays.sort(nanos);
            return nanos;
        }
    }

    static double measureConcurrent(CertificateAuthority ca, Path dir, int port, String topic, int devices,
            int perDevice) throws Exception {
        List<Device> clients = new ArrayList<>();
        try {
            for (int d = 0; d < devices; d++) {
                clients.add(new Device(client(ca, dir, "bench-device-" + d, port), "d" + d));
            }
            List<CompletableFuture<Void>> done = new ArrayList<>();
            long start = System.nanoTime();
            for (Device device : clients) {
                done.add(CompletableFuture.runAsync(() -> {
                    try {
                        for (int i = 0; i < perDevice; i++) {
                            device.roundTrip(topic);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, Thread::startVirtualThread));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
            return devices * perDevice / ((System.nanoTime() - start) / 1e9);
        } finally {
            for (Device device : clients) {
                device.close();
            }
        }
    }

    static void report(String what, long[] sortedNanos) {
        System.out.printf("%-26s p50 %6.2f ms   p99 %6.2f ms   max %7.2f ms%n", what,
                sortedNanos[sortedNanos.length / 2] / 1e6, sortedNanos[(int) (sortedNanos.length * 0.99)] / 1e6,
                sortedNanos[sortedNanos.length - 1] / 1e6);
    }

    static Mqtt5AsyncClient client(CertificateAuthority ca, Path dir, String name, int port) throws Exception {
        Path certs = Files.createDirectories(dir.resolve("clients").resolve(name));
        IssuedCredential credential = ca.issueClientCertificate(name, Duration.ofDays(1));
        Files.writeString(certs.resolve("ca.pem"), ca.certificatePem());
        Files.writeString(certs.resolve("client.pem"), credential.certificatePem());
        Files.writeString(certs.resolve("client.key"), credential.privateKeyPem());
        MqttConnectionSettings settings = new MqttConnectionSettings("localhost", port, name,
                new TlsFiles(certs.resolve("ca.pem"), certs.resolve("client.pem"), certs.resolve("client.key")),
                null, null, null);
        Mqtt5AsyncClient client = MqttClients.builder(settings).buildAsync();
        client.connectWith().cleanStart(true).send().get(30, TimeUnit.SECONDS);
        return client;
    }

    static Process startMosquitto(Path dir, int port, CertificateAuthority ca) throws Exception {
        Files.createDirectories(dir);
        IssuedCredential server = ca.issueServerCertificate("mosquitto", List.of("localhost"), List.of("127.0.0.1"),
                Duration.ofDays(1));
        Files.writeString(dir.resolve("ca.pem"), ca.certificatePem());
        Files.writeString(dir.resolve("server.pem"), server.certificatePem());
        Files.writeString(dir.resolve("server.key"), server.privateKeyPem());
        Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n",
                "user " + System.getProperty("user.name"), "listener " + port + " 127.0.0.1",
                "cafile " + dir.resolve("ca.pem"), "certfile " + dir.resolve("server.pem"),
                "keyfile " + dir.resolve("server.key"), "require_certificate true", "use_identity_as_username true",
                "set_tcp_nodelay true", "max_queued_messages 10000", "log_dest none", ""));
        Process process = new ProcessBuilder("/usr/sbin/mosquitto", "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.out").toFile()).start();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return process;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new IllegalStateException("mosquitto did not start: " + Files.readString(
                            dir.resolve("mosquitto.out")));
                }
                Thread.sleep(50); // waiting for a separate process to listen
            }
        }
    }

    static List<String> agentCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        // the agent as installed; -Dbench.agentJvm=default starts it with the JVM's default options instead
        if (!"default".equals(System.getProperty("bench.agentJvm"))) {
            command.addAll(LocalAgentLauncher.AGENT_JVM_OPTIONS);
        }
        // e.g. -Dbench.agentExtra=-Xlog:gc:file=/tmp/agent-gc.log to see where the tail goes
        String extra = System.getProperty("bench.agentExtra");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", Path.of("agent/target/taskrunner-agent.jar").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return command;
    }

    static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(command + " failed: " + output);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
