package io.taskrunner.agent.task.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.taskrunner.agent.task.TaskException;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.agent.task.TestRun;
import io.taskrunner.protocol.definition.HttpTask;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.ParameterType;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.message.RunState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpTaskIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final char[] STORE_PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path keys;
    private static SSLContext serverTls;
    private static String serverCertificatePem;

    private final ExecutorService serverThreads = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicReference<Received> received = new AtomicReference<>();
    private final CountDownLatch hangArrived = new CountDownLatch(1);
    private final CountDownLatch releaseHang = new CountDownLatch(1);
    private final HttpTaskExecutor executor = new HttpTaskExecutor();
    private HttpServer http;
    private HttpsServer https;

    private record Received(String method, String rawQuery, Headers headers, String body) {
    }

    @BeforeAll
    static void generateSelfSignedCertificate() throws Exception {
        Path store = keys.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit", "-keypass",
                "changeit").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();

        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, STORE_PASSWORD);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keyStore, STORE_PASSWORD);
        serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keyManagers.getKeyManagers(), null, null);
        Certificate certificate = keyStore.getCertificate("server");
        serverCertificatePem = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    @BeforeEach
    void startServers() throws IOException {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        http = HttpServer.create(loopback, 0);
        https = HttpsServer.create(loopback, 0);
        https.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        for (HttpServer server : List.of(http, https)) {
            server.setExecutor(serverThreads);
            server.createContext("/echo", this::echo);
            server.createContext("/fail", exchange -> reply(exchange, 500, "text/plain", "boom"));
            server.createContext("/big", exchange -> reply(exchange, 200, "text/plain", "x".repeat(10_000)));
            server.createContext("/moved", exchange -> {
                exchange.getResponseHeaders().add("Location", "/echo");
                reply(exchange, 302, "text/plain", "moved");
            });
            server.createContext("/hang", exchange -> {
                hangArrived.countDown();
                try {
                    releaseHang.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
            });
            server.start();
        }
    }

    @AfterEach
    void stopServers() {
        releaseHang.countDown();
        executor.close();
        http.stop(0);
        https.stop(0);
        serverThreads.shutdownNow();
    }

    @Test
    void get_returnsStatusHeadersAndParsedJsonBody_andWritesASummaryLine() {
        TestRun run = TestRun.of(task(request("GET", url("/echo"), null, null)));

        TaskOutcome outcome = run.runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.SUCCEEDED);
        JsonNode result = outcome.result();
        assertThat(result.get("status").asInt()).isEqualTo(200);
        assertThat(result.get("headers").get("x-reply").asText()).isEqualTo("yes");
        assertThat(result.get("headers").get("content-type").asText()).isEqualTo("application/json");
        assertThat(result.get("body").get("ok").asBoolean()).isTrue();
        assertThat(result.get("bodyTruncated").asBoolean()).isFalse();
        assertThat(received.get().method()).isEqualTo("GET");
        assertThat(run.pids()).containsExactly(0L);
        assertThat(run.stdout()).matches("GET http://127\\.0\\.0\\.1:\\d+/echo → 200 in \\d+ ms\n");
    }

    @Test
    void post_sendsHeadersWithParametersAndTheBody() {
        HttpTask spec = request("POST", url("/echo"), Map.of("X-Device", "pump ${device}", "Content-Type",
                "text/plain"), "raw ${device} \"as is\"");
        TestRun run = TestRun.of(task(spec, "device")).param("device", "7 \"left\"");

        TaskOutcome outcome = run.runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(received.get().method()).isEqualTo("POST");
        assertThat(received.get().headers().getFirst("X-Device")).isEqualTo("pump 7 \"left\"");
        assertThat(received.get().body()).isEqualTo("raw 7 \"left\" \"as is\"");
    }

    @Test
    void jsonBodyTemplate_whenParameterHoldsQuotesAndNewlines_stillSendsValidJson() throws IOException {
        String note = "he said \"stop\"\nline two\\ \t\u0001 ünïcode";
        HttpTask spec = request("PUT", url("/echo"), Map.of("Content-Type", "application/json; charset=utf-8"),
                "{\"note\": \"${note}\", \"fixed\": 1}");

        TaskOutcome outcome = TestRun.of(task(spec, "note")).param("note", note).runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.SUCCEEDED);
        JsonNode sent = JSON.readTree(received.get().body());
        assertThat(sent.get("note").asText()).isEqualTo(note);
        assertThat(sent.get("fixed").asInt()).isEqualTo(1);
        assertThat(sent.size()).isEqualTo(2);
    }

    @Test
    void urlParameter_withAmpersandAndHash_arrivesEncodedAsOneQueryValue() {
        HttpTask spec = request("GET", url("/echo") + "?q=${term}&page=1", null, null);

        TaskOutcome outcome = TestRun.of(task(spec, "term")).param("term", "a&admin=true#x y").runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.SUCCEEDED);
        String query = received.get().rawQuery();
        assertThat(query).isEqualTo("q=a%26admin%3Dtrue%23x%20y&page=1");
        assertThat(query.split("&")).hasSize(2);
    }

    @Test
    void headerParameter_withLineBreak_isRefusedBeforeAnythingIsSent() {
        HttpTask spec = request("GET", url("/echo"), Map.of("X-Device", "${device}"), null);
        TestRun run = TestRun.of(task(spec, "device")).param("device", "7\r\nX-Admin: true");

        assertThatThrownBy(() -> run.runWith(executor))
                .isInstanceOf(TaskException.class)
                .hasMessageContaining("header 'X-Device'")
                .hasMessageContaining("line break");
        assertThat(received.get()).isNull();
        assertThat(run.pids()).isEmpty();
    }

    @Test
    void unexpectedStatus_failsNamingStatusAndExpectation_andKeepsTheResponse() {
        TaskOutcome outcome = TestRun.of(task(request("GET", url("/fail"), null, null))).runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.error()).isEqualTo("HTTP 500, expected 2xx");
        assertThat(outcome.result().get("status").asInt()).isEqualTo(500);
        assertThat(outcome.result().get("body").asText()).isEqualTo("boom");
    }

    @Test
    void expectStatus_whenStatusIsNotListed_failsNamingTheList() {
        HttpTask spec = new HttpTask("GET", url("/echo"), null, null, List.of(201, 202), false, null, false, 0);

        TaskOutcome outcome = TestRun.of(task(spec)).runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.error()).isEqualTo("HTTP 200, expected [201, 202]");
    }

    @Test
    void responseLargerThanMaxResponseBytes_isCutAndMarkedTruncated() {
        HttpTask spec = new HttpTask("GET", url("/big"), null, null, null, false, null, false, 100);

        TaskOutcome outcome = TestRun.of(task(spec)).runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(outcome.result().get("body").asText()).isEqualTo("x".repeat(100));
        assertThat(outcome.result().get("bodyTruncated").asBoolean()).isTrue();
    }

    @Test
    void serverThatNeverAnswers_timesOutWithinTheAttemptTimeout() {
        long start = System.nanoTime();

        TaskOutcome outcome = TestRun.of(task(request("GET", url("/hang"), null, null)))
                .timeout(Duration.ofSeconds(1)).runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.TIMED_OUT);
        assertThat(outcome.error()).isEqualTo("timed out after 1 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void cancel_abortsTheRequestInFlight() throws Exception {
        TestRun run = TestRun.of(task(request("GET", url("/hang"), null, null)));
        CompletableFuture<TaskOutcome> outcome = CompletableFuture.supplyAsync(() -> run.runWith(executor),
                serverThreads);
        await().atMost(Duration.ofSeconds(10)).until(() -> hangArrived.getCount() == 0);

        run.cancel().cancel();

        assertThat(outcome.get(10, TimeUnit.SECONDS).state()).isEqualTo(RunState.CANCELLED);
    }

    @Test
    void connectionRefused_failsNamingHostAndPathButNotTheQuery() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        HttpTask spec = request("GET", "http://127.0.0.1:" + closedPort + "/api/status?token=${token}", null, null);

        TaskOutcome outcome = TestRun.of(task(spec, "token")).param("token", "s3cret").runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.error())
                .isEqualTo("cannot connect to http://127.0.0.1:" + closedPort + "/api/status: connection refused");
    }

    @Test
    void redirect_isFollowedOnlyWhenTheTaskAsksForIt() {
        HttpTask follow = new HttpTask("GET", url("/moved"), null, null, null, false, null, true, 0);
        HttpTask stay = new HttpTask("GET", url("/moved"), null, null, List.of(302), false, null, false, 0);

        TaskOutcome followed = TestRun.of(task(follow)).runWith(executor);
        TaskOutcome notFollowed = TestRun.of(task(stay)).runWith(executor);

        assertThat(followed.result().get("status").asInt()).isEqualTo(200);
        assertThat(followed.result().get("body").get("ok").asBoolean()).isTrue();
        assertThat(notFollowed.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(notFollowed.result().get("status").asInt()).isEqualTo(302);
    }

    @Test
    void https_withInsecure_acceptsTheSelfSignedCertificate() {
        HttpTask spec = new HttpTask("GET", secureUrl("/echo"), null, null, null, true, null, false, 0);

        TaskOutcome outcome = TestRun.of(task(spec)).runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(outcome.result().get("body").get("ok").asBoolean()).isTrue();
    }

    @Test
    void https_withoutTrust_failsWithACertificateError() {
        TaskOutcome outcome = TestRun.of(task(request("GET", secureUrl("/echo"), null, null))).runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.error()).contains("certificate").contains(secureUrl("/echo"));
        assertThat(received.get()).isNull();
    }

    @Test
    void https_withTheServersCertificateAsCaCertificate_succeeds() {
        HttpTask spec = new HttpTask("GET", secureUrl("/echo"), null, null, null, false, serverCertificatePem, false,
                0);

        TaskOutcome outcome = TestRun.of(task(spec)).runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(outcome.result().get("status").asInt()).isEqualTo(200);
    }

    @Test
    void caCertificate_thatIsNotPem_isRefusedNamingTheField() {
        HttpTask spec = new HttpTask("GET", secureUrl("/echo"), null, null, null, false, "not a certificate", false,
                0);

        assertThatThrownBy(() -> TestRun.of(task(spec)).runWith(executor))
                .isInstanceOf(TaskException.class)
                .hasMessageContaining("caCertificate");
    }

    private void echo(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.set(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders(), body));
        exchange.getResponseHeaders().add("X-Reply", "yes");
        reply(exchange, 200, "application/json", "{\"ok\": true}");
    }

    private static void reply(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + http.getAddress().getPort() + path;
    }

    private String secureUrl(String path) {
        return "https://127.0.0.1:" + https.getAddress().getPort() + path;
    }

    private static HttpTask request(String method, String url, Map<String, String> headers, String body) {
        return new HttpTask(method, url, headers, body, null, false, null, false, 0);
    }

    private static TaskDefinition task(HttpTask spec, String... stringParameters) {
        return TaskDefinition.of("http-test", spec).withParameters(Arrays.stream(stringParameters)
                .map(name -> new ParameterSpec(name, ParameterType.STRING, null, false, null, null, null, null, null,
                        false))
                .toList());
    }
}
