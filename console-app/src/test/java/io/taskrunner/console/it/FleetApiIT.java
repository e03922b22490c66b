package io.taskrunner.console.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.taskrunner.console.core.ConsoleCore;
import io.taskrunner.console.service.apitokens.ApiScope;
import io.taskrunner.console.service.pki.KeyStores;
import io.taskrunner.protocol.definition.CommandTask;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.ParameterType;
import io.taskrunner.protocol.definition.TaskDefinition;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Fleet API end to end: console core with its embedded broker and the API on HTTPS, an enrolled agent process,
 * and a real HTTPS client that trusts the console CA and nothing else.
 */
class FleetApiIT {
    static final TaskDefinition GREET = TaskDefinition.of("greet",
            new CommandTask("echo", List.of("hello, ${who}!"))).withParameters(List.of(
                    ParameterSpec.of("who", ParameterType.STRING, true)));
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private ConsoleAndAgent fixture;
    private ConsoleCore console;
    private HttpClient client;
    private String base;
    private String runner;

    @BeforeEach
    void start() throws Exception {
        fixture = ConsoleAndAgent.start(dir, null, options -> options.withApi("127.0.0.1", FreePorts.next()));
        console = fixture.console();
        console.desired().put(GREET);
        client = trustingConsoleCa(console);
        base = "https://127.0.0.1:" + console.apiPort().orElseThrow() + "/api/v1";
        runner = console.apiTokens().create("erp", EnumSet.allOf(ApiScope.class), List.of(), List.of()).secret();
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    static HttpClient trustingConsoleCa(ConsoleCore console) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, KeyStores.trustManagerFactory(console.certificateAuthority().certificate())
                .getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Test
    void agents_areListed_withTheirGroups_andFiltered() throws Exception {
        console.desired().setLabels(ConsoleAndAgent.AGENT_ID, Set.of("line-1"), Set.of("press"));

        JsonNode all = ok(get("/agents", runner));
        assertThat(all.get("agents")).hasSize(1);
        JsonNode agent = all.get("agents").get(0);
        assertThat(agent.get("id").asText()).isEqualTo(ConsoleAndAgent.AGENT_ID);
        assertThat(agent.get("online").asBoolean()).isTrue();
        assertThat(agent.get("groups").toString()).isEqualTo("[\"line-1\"]");
        assertThat(agent.get("tags").toString()).isEqualTo("[\"press\"]");
        assertThat(agent.get("version").asText()).isNotBlank();
        assertThat(agent.get("lastSeen").asText()).isNotBlank();

        assertThat(ok(get("/agents?group=line-2", runner)).get("agents")).isEmpty();
        assertThat(ok(get("/agents?group=line-1&online=true", runner)).get("agents")).hasSize(1);
        assertThat(ok(get("/agents/" + ConsoleAndAgent.AGENT_ID, runner)).get("os").asText()).isNotBlank();
        assertProblem(get("/agents/nobody", runner), 404, null);
        assertProblem(get("/agents?online=maybe", runner), 400, "online");
    }

    @Test
    void task_startedWithWait_answersWithTheFinishedRun_andItsOutput() throws Exception {
        HttpResponse<String> response = post("/agents/" + ConsoleAndAgent.AGENT_ID + "/runs", runner,
                "{\"task\": \"greet\", \"parameters\": {\"who\": \"api\"}, \"wait\": 60}");

        JsonNode run = json(response);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(run.get("state").asText()).isEqualTo("succeeded");
        assertThat(run.get("exitCode").asInt()).isZero();
        assertThat(run.get("output").asText()).isEqualTo("hello, api!\n");
        assertThat(run.get("parameters").get("who").asText()).isEqualTo("api");
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/runs/" + run.get("runId").asText());
    }

    @Test
    void task_startedWithoutWait_isAccepted_andPollingShowsItsEnd() throws Exception {
        HttpResponse<String> response = post("/agents/" + ConsoleAndAgent.AGENT_ID + "/runs", runner,
                "{\"task\": \"greet\", \"parameters\": {\"who\": \"poller\"}}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String runId = json(response).get("runId").asText();

        await("run finished").atMost(ConsoleAndAgent.WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> ok(get("/runs/" + runId, runner)).get("final").asBoolean());

        JsonNode run = ok(get("/runs/" + runId + "?wait=5", runner));
        assertThat(run.get("state").asText()).isEqualTo("succeeded");
        assertThat(run.get("output").asText()).isEqualTo("hello, poller!\n");
        assertThat(run.get("agentId").asText()).isEqualTo(ConsoleAndAgent.AGENT_ID);
    }

    @Test
    void callback_receivesTheFinalRun_signedWithTheTokensHash() throws Exception {
        List<Delivery> deliveries = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            deliveries.add(new Delivery(exchange.getRequestHeaders().getFirst("X-TaskRunner-Signature"),
                    exchange.getRequestHeaders().getFirst("X-TaskRunner-Event"),
                    exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String callback = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook?order=42";
            HttpResponse<String> response = post("/agents/" + ConsoleAndAgent.AGENT_ID + "/runs", runner,
                    "{\"task\": \"greet\", \"parameters\": {\"who\": \"hook\"}, \"callback\": \"" + callback + "\"}");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);

            await("callback").atMost(ConsoleAndAgent.WAIT).until(() -> !deliveries.isEmpty());
            Delivery delivery = deliveries.getFirst();
            assertThat(delivery.event()).isEqualTo("run-finished");
            assertThat(delivery.signature()).isEqualTo("sha256=" + hmac(sha256(runner), delivery.body()));
            assertThat(delivery.signature()).isNotEqualTo("sha256=" + hmac(sha256(runner + "x"), delivery.body()));
            JsonNode run = JSON.readTree(delivery.body());
            assertThat(run.get("runId").asText()).isEqualTo(json(response).get("runId").asText());
            assertThat(run.get("state").asText()).isEqualTo("succeeded");
            assertThat(run.get("output").asText()).isEqualTo("hello, hook!\n");
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void job_onAGroup_reachesTheAgent_andCompletes() throws Exception {
        console.desired().setLabels(ConsoleAndAgent.AGENT_ID, Set.of("line-1"), Set.of());

        HttpResponse<String> created = post("/jobs", runner, "{\"task\": \"greet\", \"parameters\": {\"who\": "
                + "\"fleet\"}, \"targets\": {\"groups\": [\"line-1\"]}, \"rollout\": {\"maxPerMinute\": 60},"
                + " \"maxRetries\": 1}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String jobId = json(created).get("jobId").asText();
        assertThat(json(created).get("targets").get(0).get("type").asText()).isEqualTo("group");

        await("job completed").atMost(ConsoleAndAgent.WAIT).pollInterval(Duration.ofMillis(300))
                .until(() -> ok(get("/jobs/" + jobId, runner)).get("state").asText().equals("completed"));

        JsonNode job = ok(get("/jobs/" + jobId, runner));
        assertThat(job.get("statistics").get("counts").get("succeeded").asInt()).isEqualTo(1);
        assertThat(job.get("statistics").get("successRate").asDouble()).isEqualTo(1.0);
        JsonNode execution = ok(get("/jobs/" + jobId + "/executions", runner)).get("executions").get(0);
        assertThat(execution.get("agentId").asText()).isEqualTo(ConsoleAndAgent.AGENT_ID);
        assertThat(execution.get("state").asText()).isEqualTo("succeeded");
        assertThat(fixture.outputOf(java.util.UUID.fromString(execution.get("runId").asText())))
                .isEqualTo("hello, fleet!\n");
        assertThat(ok(post("/jobs/" + jobId + "/cancel", runner, "")).get("state").asText())
                .as("a job that is over stays as it was").isEqualTo("completed");
    }

    @Test
    void badRequests_areRefused_namingWhatIsWrong_andStoreNothing() throws Exception {
        String runs = "/agents/" + ConsoleAndAgent.AGENT_ID + "/runs";
        String readOnly = console.apiTokens().create("viewer", Set.of(ApiScope.AGENTS_READ), List.of(), List.of())
                .secret();
        String elsewhere = console.apiTokens().create("other-line", Set.of(ApiScope.RUNS_WRITE), List.of("pc-9"),
                List.of()).secret();

        HttpResponse<String> anonymous = send("GET", "/agents", null, null);
        assertProblem(anonymous, 401, null);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();
        assertProblem(get("/agents", "trc_" + "A".repeat(43)), 401, null);
        assertProblem(post(runs, readOnly, "{\"task\": \"greet\"}"), 403, null);
        assertThat(json(post(runs, readOnly, "{\"task\": \"greet\"}")).get("detail").asText())
                .contains("runs:write");
        assertProblem(post(runs, elsewhere, "{\"task\": \"greet\", \"parameters\": {\"who\": \"x\"}}"), 403, null);
        assertProblem(post("/agents/nobody/runs", runner, "{\"task\": \"greet\"}"), 404, null);
        assertProblem(get("/runs/" + java.util.UUID.randomUUID(), runner), 404, null);
        assertProblem(get("/jobs/" + java.util.UUID.randomUUID(), runner), 404, null);
        assertProblem(post(runs, runner, "{\"task\": \"greet\", "), 400, "body");
        assertProblem(post(runs, runner, "{\"task\": \"greet\", \"wait\": \"soon\"}"), 400, "wait");
        assertProblem(post(runs, runner, "{\"task\": \"greet\", \"colour\": \"red\"}"), 400, "colour");
        assertProblem(post(runs, runner, "{\"task\": \"nope\"}"), 422, "task");
        assertProblem(post(runs, runner, "{\"task\": \"greet\"}"), 422, "parameters.who");
        assertProblem(post(runs, runner, "{\"task\": \"greet\", \"parameters\": {\"who\": \"x\"}, \"wait\": 9999}"),
                422, "wait");
        assertProblem(post("/jobs", runner, "{\"task\": \"greet\", \"parameters\": {\"who\": \"x\"}, "
                + "\"targets\": {\"groups\": [\"line-1\"]}, \"rollout\": {\"maxPerMinute\": 0}}"), 422,
                "rollout.maxPerMinute");
        assertProblem(post("/jobs", runner, "{\"task\": \"greet\", \"parameters\": {\"who\": \"x\"}}"), 400,
                "targets");
        String huge = "{\"task\": \"greet\", \"pad\": \"" + "x".repeat(1024 * 1024) + "\"}";
        assertProblem(post(runs, runner, huge), 413, "body");
        assertProblem(send("DELETE", "/agents", runner, null), 405, null);

        assertThat(console.runs().recentRuns(10)).as("no run was stored").isEmpty();
        assertThat(console.jobs().jobs()).as("no job was stored").isEmpty();
        assertThat(get("/agents", runner).statusCode()).as("the connection still serves").isEqualTo(200);
    }

    @Test
    void revokedToken_isRefused_atTheNextRequest() throws Exception {
        assertThat(get("/agents", runner).statusCode()).isEqualTo(200);

        console.apiTokens().revoke("erp");

        assertProblem(get("/agents", runner), 401, null);
    }

    @Test
    void headlessConsole_fromTheCommandLine_servesTheApi_withATokenMadeByTheTokenCommand() throws Exception {
        Path data = dir.resolve("headless");
        CommandResult created = ConsoleCommand.run(data, "token", "create", "--data-dir", data.toString(),
                "--name", "ops", "--scope", "agents:read");
        assertThat(created.exitCode()).as(created.output()).isZero();
        String token = created.output().lines().filter(line -> line.startsWith("trc_")).findFirst().orElseThrow();
        int apiPort = FreePorts.next();

        try (ConsoleCommand headless = ConsoleCommand.start(data, "--headless", "--data-dir", data.toString(),
                "--bind", "127.0.0.1", "--port", Integer.toString(FreePorts.next()), "--api-port",
                Integer.toString(apiPort), "--no-local-agent")) {
            await("headless console logs its API").atMost(ConsoleAndAgent.WAIT)
                    .until(() -> headless.log().contains("Fleet API listening on https://127.0.0.1:" + apiPort));
            try (HttpClient headlessClient = ConsoleCommand.trustingCa(data)) {
                HttpResponse<String> agents = headlessClient.send(HttpRequest.newBuilder(URI.create(
                        "https://127.0.0.1:" + apiPort + "/api/v1/agents")).header("Authorization", "Bearer " + token)
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(agents.statusCode()).as(agents.body()).isEqualTo(200);
                assertThat(json(agents).get("agents").isArray()).isTrue();
            }
        }

        CommandResult revoked = ConsoleCommand.run(data, "token", "revoke", "--data-dir", data.toString(), "ops");
        assertThat(revoked.exitCode()).as(revoked.output()).isZero();
        CommandResult listed = ConsoleCommand.run(data, "token", "list", "--data-dir", data.toString());
        assertThat(listed.output()).contains("ops  agents:read").doesNotContain(token);
    }

    private record Delivery(String signature, String event, byte[] body) {
    }

    private static String hmac(byte[] key, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    private static byte[] sha256(String token) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return send("GET", path, token, null);
    }

    private HttpResponse<String> post(String path, String token, String body) throws Exception {
        return send("POST", path, token, body);
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(90))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode ok(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String field) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).isNotBlank();
        if (field == null) {
            assertThat(problem.has("field")).as(response.body()).isFalse();
        } else {
            assertThat(problem.path("field").asText()).as(response.body()).isEqualTo(field);
        }
    }
}
