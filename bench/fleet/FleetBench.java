import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientExecutorConfig;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.taskrunner.console.core.ConsoleCore;
import io.taskrunner.console.service.pki.CertificateAuthority;
import io.taskrunner.console.service.pki.IssuedCredential;
import io.taskrunner.console.service.pki.PrivateFiles;
import io.taskrunner.protocol.Topics;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.message.AckCommand;
import io.taskrunner.protocol.message.AgentState;
import io.taskrunner.protocol.message.AgentStatus;
import io.taskrunner.protocol.message.Envelope;
import io.taskrunner.protocol.message.MessageBody;
import io.taskrunner.protocol.message.RunFinished;
import io.taskrunner.protocol.message.RunQueued;
import io.taskrunner.protocol.message.RunStarted;
import io.taskrunner.protocol.message.RunState;
import io.taskrunner.protocol.message.RunTaskCommand;
import io.taskrunner.protocol.mqtt.PemTls;
import io.taskrunner.protocol.security.CommandVerifier;
import io.taskrunner.protocol.security.Ed25519Keys;
import io.taskrunner.protocol.security.NonceStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * N simulated agents in this JVM (one MQTT 5 connection each, mutual TLS, one shared Netty event loop) against a
 * headless console (its own JVM, -Xmx512m, fresh data folder, embedded broker). Each agent behaves like the real one
 * on the wire but runs no process: retained online state with an offline will, commands and desired subscribed,
 * every command verified ({@link CommandVerifier}), a run-task answered with run.queued, run.started and
 * run.finished (succeeded, exit 0) at QoS 1 with its own sequence numbers. A job of task {@code true} to all agents
 * goes in through the Fleet API; the harness polls it until every execution succeeded and prints the time from the
 * job's creation to its completion, the console's heap after a full GC and the CPU seconds of both JVMs.
 *
 * <p>The console CA, its signing key and the agents' certificates are kept in the bench folder, so only the first
 * round for a given N issues them.
 *
 * Usage: java -Xmx3g -cp "console-app/target/taskrunner-console.jar:console-app/target/lib/*" \
 *        -Dlogback.configurationFile=bench/logback.xml bench/fleet/FleetBench.java N [bench folder]
 */
public class FleetBench {
    static final Duration WAIT = Duration.ofSeconds(Long.getLong("bench.waitSeconds", 300));
    static final String CLASSPATH = "console-app/target/taskrunner-console.jar:console-app/target/lib/*";
    static final Pattern USED = Pattern.compile("used (\\d+)K");
    static final MessageCodec CODEC = new MessageCodec();
    static final ObjectMapper JSON = new ObjectMapper();
    static final long CLOCK_TICKS = 100;  // USER_HZ on Linux

    public static void main(String[] args) throws Exception {
        int status = 0;
        try {
            run(Integer.parseInt(args[0]), Path.of(args.length > 1 ? args[1] : "/tmp/taskrunner-fleet-bench"));
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        // the MQTT client's threads are not daemons; the console process is stopped in run()
        System.exit(status);
    }

    static void run(int agents, Path benchDir) throws Exception {
        Path template = benchDir.resolve("template-pki");
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(template, ConsoleCore.CA_NAME);
        PublicKey signingKey = signingKey(template);
        List<AgentCredential> credentials = credentials(ca, benchDir.resolve("agents.txt"), agents);

        Path consoleDir = benchDir.resolve("console-" + System.currentTimeMillis());
        Path pki = consoleDir.resolve("pki");
        PrivateFiles.createPrivateFolders(pki);
        for (String file : List.of("ca.key.pem", "ca.cert.pem", "signing.key.pem", "signing.pub")) {
            PrivateFiles.writeOwnerOnly(pki.resolve(file), Files.readString(template.resolve(file)));
        }
        String token = createToken(consoleDir);
        int brokerPort = freePort();
        int apiPort = freePort();
        Process console = startConsole(consoleDir, brokerPort, apiPort);
        try {
            FleetApi api = new FleetApi(apiPort, token, template.resolve("ca.cert.pem"));
            api.awaitUp(console);
            long connectStart = System.nanoTime();
            Fleet fleet = new Fleet(brokerPort, ca.certificate(), signingKey);
            fleet.connect(credentials);
            System.out.printf("%d agents connected in %.1f s; waiting for the console to see them online%n", agents,
                    (System.nanoTime() - connectStart) / 1e9);
            api.awaitOnline(agents);
            System.out.printf("all %d online after %.1f s (load %s)%n", agents, (System.nanoTime() - connectStart) / 1e9,
                    loadAverage());

            long consoleCpuBefore = cpuTicks(console.pid());
            long simulatorCpuBefore = simulatorCpuNanos();
            long start = System.nanoTime();
            JsonNode job = api.createJob();
            String jobId = job.get("jobId").asText();
            long created = System.nanoTime();
            JsonNode done = api.awaitSucceeded(jobId, agents);
            long seen = System.nanoTime();
            double consoleCpu = (cpuTicks(console.pid()) - consoleCpuBefore) / (double) CLOCK_TICKS;
            double simulatorCpu = (simulatorCpuNanos() - simulatorCpuBefore) / 1e9;
            Instant createdAt = Instant.parse(done.get("createdAt").asText());
            Instant finishedAt = done.hasNonNull("finishedAt") ? Instant.parse(done.get("finishedAt").asText()) : null;
            long[] heap = heapAfterFullGc(console.pid());
            System.out.printf("N=%d job %s: created -> completed (console clock) %s; POST sent -> all succeeded seen "
                            + "%.2f s (POST took %.2f s)%n", agents, jobId,
                    finishedAt == null ? "n/a" : String.format("%.2f s",
                            Duration.between(createdAt, finishedAt).toMillis() / 1e3),
                    (seen - start) / 1e9, (created - start) / 1e9);
            System.out.printf("console CPU %.1f s, simulator CPU %.1f s; events %d (+%d sent again on %d resend "
                    + "requests), commands %d, acks %d%n", consoleCpu, simulatorCpu, fleet.eventsSent.get(),
                    fleet.eventsResent.get(), fleet.resendRequests.get(), fleet.commands.get(), fleet.acks.get());
            System.out.printf("console heap: %d MB used before GC, %d MB after full GC (committed %d MB); load %s%n",
                    heap[0] / 1024, heap[1] / 1024, heap[2] / 1024, loadAverage());
            System.out.println("statistics: " + done.get("statistics"));
            if (Boolean.getBoolean("bench.histogram")) {
                System.out.println(jcmd(console.pid(), "GC.class_histogram").lines().limit(25)
                        .collect(java.util.stream.Collectors.joining("\n")));
            }
        } finally {
            console.destroy();
            if (!console.waitFor(60, TimeUnit.SECONDS)) {
                console.destroyForcibly();
            }
        }
    }

    /** The console's command-signing key, made here once in the format the console reads (SigningKeyStore). */
    static PublicKey signingKey(Path pki) throws IOException {
        Path publicFile = pki.resolve("signing.pub");
        if (!Files.exists(publicFile)) {
            KeyPair keys = Ed25519Keys.generate();
            PrivateFiles.writeOwnerOnly(pki.resolve("signing.key.pem"), Ed25519Keys.privateKeyPem(keys.getPrivate()));
            PrivateFiles.writeOwnerOnly(publicFile, Ed25519Keys.publicKeyBase64(keys.getPublic()) + "\n");
        }
        return Ed25519Keys.publicKeyFromBase64(Files.readString(publicFile).trim());
    }

    /** Agent ids with their client certificates: read from the cache, the missing ones issued and appended. */
    static List<AgentCredential> credentials(CertificateAuthority ca, Path cache, int count) throws Exception {
        List<AgentCredential> all = new ArrayList<>();
        CertificateFactory certificates = CertificateFactory.getInstance("X.509");
        KeyFactory keys = KeyFactory.getInstance("EC");
        if (Files.exists(cache)) {
            for (String line : Files.readAllLines(cache)) {
                if (all.size() == count) {
                    break;
                }
                String[] fields = line.split("\t");
                all.add(new AgentCredential(fields[0], (X509Certificate) certificates.generateCertificate(
                        new ByteArrayInputStream(Base64.getDecoder().decode(fields[1]))),
                        keys.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(fields[2])))));
            }
        }
        int cached = all.size();
        if (cached < count) {
            long start = System.nanoTime();
            StringBuilder appended = new StringBuilder();
            for (int i = all.size(); i < count; i++) {
                String id = String.format("sim-%05d", i);
                IssuedCredential issued = ca.issueClientCertificate(id, Duration.ofDays(3650));
                all.add(new AgentCredential(id, issued.certificate(), issued.privateKey()));
                appended.append(id).append('\t')
                        .append(Base64.getEncoder().encodeToString(issued.certificate().getEncoded())).append('\t')
                        .append(Base64.getEncoder().encodeToString(issued.privateKey().getEncoded())).append('\n');
            }
            Files.writeString(cache, appended, StandardCharsets.US_ASCII, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            System.out.printf("issued %d agent certificates in %.1f s (cached in %s)%n", count - cached, (System.nanoTime() - start) / 1e9, cache);
        }
        return all;
    }

    record AgentCredential(String agentId, X509Certificate certificate, PrivateKey key) {
    }

    /** The simulated agents: one client each, all on one Netty event loop of two threads. */
    static final class Fleet {
        final int port;
        final TrustManagerFactory trust;
        final PublicKey signingKey;
        final Topics topics = Topics.withDefaultPrefix();
        final MqttClientExecutorConfig executors;
        final ExecutorService handlers = Executors.newFixedThreadPool(2,
                Thread.ofPlatform().name("sim-agent-", 0).daemon().factory());
        final AtomicLong eventsSent = new AtomicLong();
        final AtomicLong commands = new AtomicLong();
        final AtomicLong acks = new AtomicLong();
        final AtomicLong resendRequests = new AtomicLong();
        final AtomicLong eventsResent = new AtomicLong();
        final List<Mqtt5AsyncClient> clients = new ArrayList<>();

        Fleet(int port, X509Certificate caCertificate, PublicKey signingKey) throws Exception {
            this.port = port;
            this.signingKey = signingKey;
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", caCertificate);
            trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            executors = MqttClientExecutorConfig.builder().nettyExecutor(Executors.newFixedThreadPool(2,
                    Thread.ofPlatform().name("sim-netty-", 0).daemon().factory())).nettyThreads(2).build();
        }

        /** Connects every agent, at most 64 handshakes at a time; returns once all have subscribed. */
        void connect(List<AgentCredential> credentials) throws Exception {
            Semaphore inFlight = new Semaphore(64);
            CountDownLatch ready = new CountDownLatch(credentials.size());
            AtomicInteger failed = new AtomicInteger();
            for (AgentCredential credential : credentials) {
                inFlight.acquire();
                SimulatedAgent agent = new SimulatedAgent(this, credential);
                clients.add(agent.client);
                agent.start().whenComplete((ok, failure) -> {
                    inFlight.release();
                    if (failure != null && failed.getAndIncrement() < 5) {
                        System.err.println(credential.agentId() + " did not connect: " + failure);
                    }
                    ready.countDown();
                });
            }
            if (!ready.await(WAIT.toSeconds(), TimeUnit.SECONDS) || failed.get() > 0) {
                throw new IllegalStateException(failed.get() + " agents did not connect");
            }
        }

        MqttClientSslConfig ssl(AgentCredential credential) throws Exception {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = "in-memory".toCharArray();
            store.setKeyEntry("client", credential.key(), password, new Certificate[] {credential.certificate()});
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            return MqttClientSslConfig.builder().keyManagerFactory(keys).trustManagerFactory(trust)
                    .protocols(List.of("TLSv1.3", "TLSv1.2")).build();
        }
    }

    /** One agent on the wire: state, subscriptions, verified commands, the run events of a run that succeeded. */
    static final class SimulatedAgent {
        final Fleet fleet;
        final String agentId;
        final Mqtt5AsyncClient client;
        final CommandVerifier verifier;
        /** The outbox, in memory: events the console has not acknowledged yet, by sequence number. */
        final java.util.TreeMap<Long, byte[]> unacknowledged = new java.util.TreeMap<>();
        long nextSeq = 1;

        SimulatedAgent(Fleet fleet, AgentCredential credential) throws Exception {
            this.fleet = fleet;
            this.agentId = credential.agentId();
            Map<String, Instant> seen = new ConcurrentHashMap<>();
            NonceStore nonces = (nonce, expiresAt) -> seen.putIfAbsent(nonce, expiresAt) == null;
            this.verifier = CommandVerifier.forKey(fleet.signingKey, agentId, CODEC, nonces, Clock.systemUTC());
            this.client = MqttClient.builder().useMqttVersion5().identifier(agentId).serverHost("localhost")
                    .serverPort(fleet.port).sslConfig(fleet.ssl(credential)).executorConfig(fleet.executors)
                    .willPublish().topic(fleet.topics.state(agentId)).payload(state(AgentStatus.OFFLINE))
                    .qos(MqttQos.AT_LEAST_ONCE).retain(true).contentType("application/json").applyWillPublish()
                    .buildAsync();
            client.publishes(MqttGlobalPublishFilter.ALL, publish -> fleet.handlers.execute(() -> {
                try {
                    onPublish(publish);
                } catch (RuntimeException e) {
                    System.err.println(agentId + " could not handle a message on " + publish.getTopic() + ": " + e);
                }
            }));
        }

        java.util.concurrent.CompletableFuture<?> start() {
            return client.connectWith().cleanStart(false).sessionExpiryInterval(Duration.ofDays(7).toSeconds())
                    .keepAlive(30).send()
                    .thenCompose(ack -> client.publishWith().topic(fleet.topics.state(agentId))
                            .qos(MqttQos.AT_LEAST_ONCE).retain(true).contentType("application/json")
                            .payload(state(AgentStatus.ONLINE)).send())
                    .thenCompose(published -> client.subscribeWith()
                            .addSubscription().topicFilter(fleet.topics.commands(agentId)).qos(MqttQos.AT_LEAST_ONCE)
                            .applySubscription()
                            .addSubscription().topicFilter(fleet.topics.desired(agentId)).qos(MqttQos.AT_LEAST_ONCE)
                            .applySubscription().send());
        }

        byte[] state(AgentStatus status) {
            AgentState state = status == AgentStatus.ONLINE
                    ? new AgentState(AgentStatus.ONLINE, "bench", agentId, "Linux", "6", "amd64",
                            List.of("127.0.0.1"), System.currentTimeMillis())
                    : AgentState.offline("bench");
            return CODEC.encode(Envelope.report(state, Clock.systemUTC()));
        }

        private synchronized void onPublish(Mqtt5Publish publish) {
            if (!publish.getTopic().toString().equals(fleet.topics.commands(agentId))) {
                return;  // a desired bundle: none is published in this benchmark
            }
            Envelope<?> command = verifier.verify(publish.getPayloadAsBytes());
            if (command.body() instanceof RunTaskCommand run) {
                fleet.commands.incrementAndGet();
                long started = System.currentTimeMillis();
                event(new RunQueued(run.runId(), command.id(), run.task(), "default", null, null));
                event(new RunStarted(run.runId(), 0, 1));
                event(new RunFinished(run.runId(), RunState.SUCCEEDED, 0, System.currentTimeMillis() - started, 0,
                        false, null, run.task(), 1, null));
            } else if (command.body() instanceof AckCommand ack) {
                // like OutboxSender: drop what is stored, and on request send the rest again
                fleet.acks.incrementAndGet();
                unacknowledged.headMap(ack.upToSeq(), true).clear();
                if (ack.resend()) {
                    fleet.resendRequests.incrementAndGet();
                    unacknowledged.values().forEach(payload -> {
                        publish(payload);
                        fleet.eventsResent.incrementAndGet();
                    });
                }
            }
        }

        private void event(MessageBody body) {
            long seq = nextSeq++;
            byte[] payload = CODEC.encode(Envelope.event(body, seq, Clock.systemUTC()));
            unacknowledged.put(seq, payload);
            publish(payload);
            fleet.eventsSent.incrementAndGet();
        }

        private void publish(byte[] payload) {
            client.publishWith().topic(fleet.topics.events(agentId)).qos(MqttQos.AT_LEAST_ONCE)
                    .contentType("application/json").payload(payload).send();
        }
    }

    /** The console's Fleet API over HTTPS with a jobs and agents token. */
    static final class FleetApi {
        final String base;
        final String token;
        final HttpClient http;

        FleetApi(int port, String token, Path caCertificate) throws Exception {
            this.base = "https://127.0.0.1:" + port + "/api/v1";
            this.token = token;
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, PemTls.trustManagers(caCertificate).getTrustManagers(), null);
            this.http = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(10)).build();
        }

        void awaitUp(Process console) throws Exception {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                try (Socket socket = new Socket("127.0.0.1", URI.create(base).getPort())) {
                    return;
                } catch (IOException notYet) {
                    if (System.nanoTime() > deadline || !console.isAlive()) {
                        throw new IllegalStateException("the console did not start; see its console.log");
                    }
                    Thread.sleep(200);  // waiting for a separate process to listen
                }
            }
        }

        void awaitOnline(int agents) throws Exception {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                JsonNode list = get("/agents?online=true");
                int online = list.get("agents").size();
                if (online >= agents) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + online + " of " + agents + " agents online");
                }
                Thread.sleep(1000);  // polling a separate process
            }
        }

        JsonNode createJob() throws Exception {
            String body = """
                    {"task": "true", "definition": {"name": "true", "type": "command", "spec": {"program": "true"}},
                     "targets": {"all": true}, "rollout": {"maxPerMinute": 10000}}""";
            HttpResponse<String> response = http.send(request("/jobs").POST(HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("POST /jobs answered " + response.statusCode() + ": "
                        + response.body());
            }
            return JSON.readTree(response.body());
        }

        JsonNode awaitSucceeded(String jobId, int agents) throws Exception {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                JsonNode job = get("/jobs/" + jobId);
                if (job.get("statistics").get("counts").get("succeeded").asInt() >= agents
                        && job.get("final").asBoolean()) {
                    return job;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("job not done in time: " + job);
                }
                Thread.sleep(100);  // polling a separate process (the API allows 20 requests a second)
            }
        }

        JsonNode get(String path) throws Exception {
            HttpResponse<String> response = http.send(request(path).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return JSON.readTree(response.body());
        }

        HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(60));
        }
    }

    static String createToken(Path consoleDir) throws Exception {
        Process process = new ProcessBuilder(java(), "-cp", CLASSPATH, "io.taskrunner.console.ConsoleMain", "token",
                "create", "--name", "bench", "--scope", "agents:read,jobs:read,jobs:write", "--data-dir",
                consoleDir.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("token create failed: " + output);
        }
        return output.lines().filter(line -> line.startsWith("trc_")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no token in: " + output));
    }

    static Process startConsole(Path consoleDir, int brokerPort, int apiPort) throws IOException {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx512m"));
        // e.g. -Dbench.consoleExtra=-XX:StartFlightRecording=filename=/tmp/console.jfr to see where the time goes
        String extra = System.getProperty("bench.consoleExtra");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-cp", CLASSPATH, "io.taskrunner.console.ConsoleMain", "--headless",
                "--no-local-agent", "--data-dir", consoleDir.toString(), "--bind", "127.0.0.1", "--port",
                String.valueOf(brokerPort), "--api-port", String.valueOf(apiPort)));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(consoleDir.resolve("console.log").toFile()).start();
    }

    /** Heap used before and after a full GC, and committed after, in KiB ({@code jcmd GC.heap_info}). */
    static long[] heapAfterFullGc(long pid) throws Exception {
        long before = heapUsed(jcmd(pid, "GC.heap_info"));
        jcmd(pid, "GC.run");
        String after = jcmd(pid, "GC.heap_info");
        Matcher committed = Pattern.compile("committed (\\d+)K").matcher(after);
        return new long[] {before, heapUsed(after), committed.find() ? Long.parseLong(committed.group(1)) : -1};
    }

    static long heapUsed(String heapInfo) {
        Matcher used = USED.matcher(heapInfo);
        if (!used.find()) {
            throw new IllegalStateException("no heap figures in: " + heapInfo);
        }
        return Long.parseLong(used.group(1));
    }

    static String jcmd(long pid, String what) throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(pid), what).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(60, TimeUnit.SECONDS);
        return output;
    }

    /** utime + stime of a process in clock ticks, from /proc/pid/stat (fields 14 and 15). */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    static long simulatorCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
