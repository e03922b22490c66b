package io.taskrunner.agent.api;

import static io.taskrunner.agent.api.ApiHarness.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.taskrunner.protocol.definition.DatasourceDefinition;
import io.taskrunner.protocol.definition.DefinitionSet;
import io.taskrunner.protocol.definition.HttpRoute;
import io.taskrunner.protocol.definition.JavaScriptTask;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.ParameterType;
import io.taskrunner.protocol.definition.RouteMapping;
import io.taskrunner.protocol.definition.RouteSource;
import io.taskrunner.protocol.definition.ShellTask;
import io.taskrunner.protocol.definition.StoreAction;
import io.taskrunner.protocol.definition.TaskDefinition;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operator-defined routes, callbacks after a run, and ad-hoc programs for tokens that may run them. */
class CustomRoutesIT {
    private static final TaskDefinition WEIGH = TaskDefinition.of("weigh", new JavaScriptTask(
            "result = {line: params.line, kg: params.kg, doubled: params.kg * 2, unit: params.unit};", 0))
            .withParameters(List.of(ParameterSpec.of("line", ParameterType.STRING, true),
                    ParameterSpec.of("kg", ParameterType.NUMBER, true),
                    ParameterSpec.of("unit", ParameterType.STRING, false)));
    private static final TaskDefinition FAILS = TaskDefinition.of("fails", new ShellTask("exit 4", null));
    private static final TaskDefinition QUICK = TaskDefinition.of("quick", new ShellTask("echo done", null));

    @TempDir
    Path dir;
    private ApiHarness agent;
    private HttpServer receiver;

    @BeforeEach
    void start() throws Exception {
        String jdbc = "jdbc:h2:file:" + dir.resolve("plant") + ";AUTO_SERVER=FALSE";
        try (Connection connection = DriverManager.getConnection(jdbc, "sa", "")) {
            connection.createStatement().execute("CREATE TABLE readings (line VARCHAR(64), kg DECIMAL(10,2))");
        }
        List<HttpRoute> routes = List.of(
                new HttpRoute("scale", null, "POST", "/api/custom/scale/{line}", "weigh", List.of(
                        RouteMapping.of("line", RouteSource.PATH), new RouteMapping("kg", RouteSource.JSON, null,
                                "/reading/kg"), new RouteMapping("unit", RouteSource.QUERY, "u", null)),
                        null, false, 0, null),
                new HttpRoute("scale-public", null, "GET", "/api/custom/public/{line}", "weigh", List.of(), null,
                        true, 0, null),
                new HttpRoute("broken", null, "GET", "/api/custom/broken", "fails", List.of(), null, true, 0, null),
                new HttpRoute("readings", null, "POST", "/api/custom/readings", null, List.of(
                        RouteMapping.of("line", RouteSource.JSON), RouteMapping.of("kg", RouteSource.JSON)),
                        new StoreAction("plant", "readings", Map.of("line", "line", "kg", "kg")), false, 0, null));
        agent = ApiHarness.start(dir, new DefinitionSet(List.of(WEIGH, FAILS, QUICK),
                List.of(new DatasourceDefinition("plant", jdbc, "sa", null, null)), null, null, routes));
    }

    @AfterEach
    void stop() {
        agent.close();
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void route_mapsPathJsonAndQueryToParameters_andAnswersWithTheTaskResult() {
        String token = agent.token("scale", "weigh");

        HttpResponse<String> response = agent.postJson("/api/custom/scale/L%201?u=kg", token,
                "{\"reading\": {\"kg\": 12.5}}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode result = json(response);
        assertThat(result.path("line").asText()).isEqualTo("L 1");
        assertThat(result.path("doubled").asDouble()).isEqualTo(25.0);
        assertThat(result.path("unit").asText()).isEqualTo("kg");
    }

    @Test
    void route_refusesCallersWithoutTheTasksScope_unlessPublic() {
        String other = agent.token("other", "quick");

        assertThat(agent.postJson("/api/custom/scale/L1", null, "{\"reading\": {\"kg\": 1}}").statusCode())
                .isEqualTo(401);
        assertThat(agent.postJson("/api/custom/scale/L1", other, "{\"reading\": {\"kg\": 1}}").statusCode())
                .isEqualTo(403);
        HttpResponse<String> open = agent.get("/api/custom/public/L2?kg=3", null);
        assertThat(open.statusCode()).as(open.body()).isEqualTo(200);
        assertThat(json(open).path("doubled").asDouble()).isEqualTo(6.0);
    }

    @Test
    void route_problems_sayWhatWasWrong() {
        String token = agent.token("scale", "*");

        HttpResponse<String> badValue = agent.postJson("/api/custom/scale/L1", token, "{\"reading\": {\"kg\": \"x\"}}");
        HttpResponse<String> failed = agent.get("/api/custom/broken", null);
        HttpResponse<String> wrongMethod = agent.get("/api/custom/scale/L1", token);
        HttpResponse<String> unknown = agent.get("/api/custom/nothing", token);
        HttpResponse<String> traversal = agent.get("/api/custom/public/..", null);

        assertThat(badValue.statusCode()).isEqualTo(422);
        assertThat(json(badValue).path("field").asText()).isEqualTo("parameters.kg");
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(json(failed).path("detail").asText()).contains("exit code 4");
        assertThat(json(failed).path("runId").asText()).isNotEmpty();
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(traversal.statusCode()).isEqualTo(400);
    }

    @Test
    void storeRoute_writesTheMappedValuesAsBoundParameters() throws Exception {
        String token = agent.token("plc", "store:readings");
        String hostile = "L1'); DROP TABLE readings; --";

        HttpResponse<String> stored = agent.postJson("/api/custom/readings", token,
                "{\"line\": " + ApiHarness.JSON.valueToTree(hostile) + ", \"kg\": 7.25}");
        HttpResponse<String> forbidden = agent.postJson("/api/custom/readings", agent.token("weigher", "weigh"),
                "{\"line\": \"x\", \"kg\": 1}");

        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
        assertThat(json(stored).path("state").asText()).isEqualTo("stored");
        assertThat(forbidden.statusCode()).isEqualTo(403);
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("plant"), "sa", "");
                ResultSet rows = connection.createStatement().executeQuery("SELECT line, kg FROM readings")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo(hostile);
            assertThat(rows.getBigDecimal(2)).isEqualByComparingTo("7.25");
            assertThat(rows.next()).isFalse();
        }
    }

    @Test
    void callbackUrl_getsTheFinishedRunPosted_evenAfterFailedAttempts() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/done", exchange -> {
            int call = calls.incrementAndGet();
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(call < 3 ? 503 : 204, -1);
            exchange.close();
        });
        receiver.start();
        String token = agent.token("erp", "quick");
        String callback = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/done";

        HttpResponse<String> response = agent.postJson("/api/v1/tasks/quick/runs", token,
                "{\"callbackUrl\": \"" + callback + "\"}");

        assertThat(response.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> calls.get() == 3);
        JsonNode posted = ApiHarness.JSON.readTree(bodies.getLast());
        assertThat(posted.path("runId").asText()).isEqualTo(json(response).path("runId").asText());
        assertThat(posted.path("state").asText()).isEqualTo("succeeded");
        assertThat(bodies).hasSize(3).allSatisfy(body -> assertThat(body).isEqualTo(bodies.getFirst()));
    }

    @Test
    void callbackUrl_mustBeHttpOrHttps() {
        String token = agent.token("erp", "quick");

        HttpResponse<String> file = agent.postJson("/api/v1/tasks/quick/runs", token,
                "{\"callbackUrl\": \"file:///etc/passwd\"}");
        HttpResponse<String> noHost = agent.postJson("/api/v1/tasks/quick/runs", token,
                "{\"callbackUrl\": \"http:///x\"}");

        assertThat(file.statusCode()).isEqualTo(422);
        assertThat(json(file).path("field").asText()).isEqualTo("callbackUrl");
        assertThat(noHost.statusCode()).isEqualTo(422);
    }

    @Test
    void adHocCommand_runsTheProgramWithItsArgumentsAsGiven_forAdhocTokensOnly() {
        String adhoc = agent.token("admin", "adhoc");
        String marker = dir.resolve("pwned").toString();

        HttpResponse<String> response = agent.postJson("/api/v1/commands?wait=30", adhoc,
                "{\"program\": \"printf\", \"args\": [\"%s\", \"a; touch " + marker + "\"]}");
        HttpResponse<String> refused = agent.postJson("/api/v1/commands", agent.token("erp", "*"),
                "{\"program\": \"id\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode run = json(response);
        assertThat(run.path("task").asText()).isEqualTo("ad-hoc");
        assertThat(run.path("state").asText()).isEqualTo("succeeded");
        assertThat(agent.get("/api/v1/runs/" + run.path("runId").asText() + "/output", adhoc).body())
                .isEqualTo("a; touch " + marker + "\n");
        assertThat(Path.of(marker)).doesNotExist();
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(agent.get("/api/v1/runs/" + run.path("runId").asText(), agent.token("viewer", "*"))
                .statusCode()).as("ad-hoc runs are the adhoc scope's").isEqualTo(404);
    }

    @Test
    void adHocCommand_inAChannel_andWithBadInput() {
        String adhoc = agent.token("admin", "adhoc");

        HttpResponse<String> channel = agent.postJson("/api/v1/commands?wait=30", adhoc,
                "{\"program\": \"true\", \"channel\": \"maintenance\"}");
        HttpResponse<String> noProgram = agent.postJson("/api/v1/commands", adhoc, "{\"args\": [\"x\"]}");
        HttpResponse<String> badChannel = agent.postJson("/api/v1/commands", adhoc,
                "{\"program\": \"true\", \"channel\": \"a/b\"}");

        assertThat(json(channel).path("channel").asText()).isEqualTo("maintenance");
        assertThat(noProgram.statusCode()).isEqualTo(422);
        assertThat(json(noProgram).path("field").asText()).isEqualTo("body.program");
        assertThat(badChannel.statusCode()).isEqualTo(422);
    }

    @Test
    void formRequests_reachRoutesToo() {
        HttpResponse<String> response = agent.send(agent.request("/api/custom/public/L9", null)
                .method("GET", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json(response).path("detail").asText()).contains("kg");
    }
}
