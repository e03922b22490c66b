package io.taskrunner.agent.api;

import static io.taskrunner.agent.api.ApiHarness.json;
import static io.taskrunner.agent.api.WebSocketClient.answer;
import static io.taskrunner.agent.api.WebSocketClient.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskrunner.agent.config.HttpApiSettings;
import io.taskrunner.protocol.definition.DatasourceDefinition;
import io.taskrunner.protocol.definition.DefinitionSet;
import io.taskrunner.protocol.definition.HttpRoute;
import io.taskrunner.protocol.definition.RouteMapping;
import io.taskrunner.protocol.definition.RouteSource;
import io.taskrunner.protocol.definition.ShellTask;
import io.taskrunner.protocol.definition.StoreAction;
import io.taskrunner.protocol.definition.TaskDefinition;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WebSocket at /api/v1/ws with the JDK client: runs with live output, subscriptions, stores, limits. */
class WebSocketApiIT {
    private static final TaskDefinition CHATTY = TaskDefinition.of("chatty", new ShellTask(
            "for i in 1 2 3 4; do echo line $i; sleep 0.3; done; echo oops >&2", null));
    private static final TaskDefinition SLOW = TaskDefinition.of("slow", new ShellTask("echo first; sleep 1;"
            + " echo second", null));

    @TempDir
    Path dir;
    private ApiHarness agent;
    private String jdbc;

    @BeforeEach
    void start() throws Exception {
        jdbc = "jdbc:h2:file:" + dir.resolve("plant");
        try (Connection connection = DriverManager.getConnection(jdbc, "sa", "")) {
            connection.createStatement().execute("CREATE TABLE readings (line VARCHAR(64), kg DECIMAL(10,2))");
        }
        HttpRoute readings = new HttpRoute("readings", null, "POST", "/api/custom/readings", null, List.of(
                RouteMapping.of("line", RouteSource.JSON), new RouteMapping("kg", RouteSource.JSON, null,
                        "/weight/kg")), new StoreAction("plant", "readings", Map.of("line", "line", "kg", "kg")),
                false, 0, null);
        HttpApiSettings settings = new HttpApiSettings(true, null, 0, false, null, null, 0, 0, 0, 1000, 1000, 0, 0,
                2, 4096, null);
        agent = ApiHarness.start(dir, new DefinitionSet(List.of(CHATTY, SLOW),
                List.of(new DatasourceDefinition("plant", jdbc, "sa", null, null)), null, null, List.of(readings)),
                settings);
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    private URI ws(String query) {
        return URI.create("ws://127.0.0.1:" + agent.api.port() + "/api/v1/ws" + query);
    }

    @Test
    void run_isAcceptedThenStreamsItsOutputLiveAndItsEnd() throws Exception {
        try (WebSocketClient client = WebSocketClient.connect(agent.client, ws(""), agent.token("ws", "chatty"))) {
            client.send("{\"type\": \"run\", \"id\": \"r1\", \"task\": \"chatty\"}");

            JsonNode accepted = client.await(answer("accepted", "r1"));
            JsonNode finished = client.await(type("finished"));

            String runId = accepted.path("runId").asText();
            assertThat(finished.path("run").path("state").asText()).isEqualTo("succeeded");
            assertThat(finished.path("runId").asText()).isEqualTo(runId);
            List<JsonNode> output = client.messages.stream().filter(type("output")).toList();
            assertThat(output.stream().filter(m -> m.path("stream").asText().equals("stdout"))
                    .map(m -> m.path("text").asText()).collect(Collectors.joining()))
                    .isEqualTo("line 1\nline 2\nline 3\nline 4\n");
            assertThat(output.stream().filter(m -> m.path("stream").asText().equals("stderr"))
                    .map(m -> m.path("text").asText()).collect(Collectors.joining())).isEqualTo("oops\n");
            assertThat(output.size()).as("line by line, not all at the end").isGreaterThanOrEqualTo(4);
            assertThat(client.messages.indexOf(finished)).isEqualTo(client.messages.size() - 1);
        }
    }

    @Test
    void subscribe_toARunStartedOverHttp_deliversWhatWasWrittenAndWhatComes() throws Exception {
        String token = agent.token("ws", "slow");
        String runId = json(agent.postJson("/api/v1/tasks/slow/runs", token, "{}")).path("runId").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> agent.get("/api/v1/runs/" + runId + "/output", token)
                .body().contains("first"));

        try (WebSocketClient client = WebSocketClient.connect(agent.client, ws("?access_token=" + token), null)) {
            client.send("{\"type\": \"subscribe\", \"id\": \"s\", \"runId\": \"" + runId + "\"}");

            assertThat(client.await(answer("subscribed", "s")).path("run").path("state").asText())
                    .isEqualTo("running");
            client.await(type("finished"));
            assertThat(client.messages.stream().filter(type("output")).map(m -> m.path("text").asText())
                    .collect(Collectors.joining())).isEqualTo("first\nsecond\n");
        }
    }

    @Test
    void store_writesARowThroughTheRoute_andRefusesWhatTheRouteDoesNotAllow() throws Exception {
        try (WebSocketClient client = WebSocketClient.connect(agent.client, ws(""),
                agent.token("plc", "store:readings"))) {
            client.send("{\"type\": \"store\", \"id\": \"a\", \"route\": \"readings\", \"data\": {\"line\":"
                    + " \"L1'); DROP TABLE readings; --\", \"weight\": {\"kg\": 3.5}}}");
            client.send("{\"type\": \"store\", \"id\": \"b\", \"route\": \"other\", \"data\": {}}");
            client.send("{\"type\": \"store\", \"id\": \"c\", \"route\": \"readings\", \"data\": {\"weight\":"
                    + " {\"kg\": \"heavy\"}}}");
            client.send("{\"type\": \"run\", \"id\": \"d\", \"task\": \"chatty\"}");

            client.await(answer("stored", "a"));
            assertThat(client.await(answer("error", "b")).path("status").asInt()).isEqualTo(404);
            JsonNode refused = client.await(answer("error", "c"));
            assertThat(refused.path("status").asInt()).isEqualTo(502);
            assertThat(refused.path("detail").asText()).contains("readings");
            assertThat(client.await(answer("error", "d")).path("status").asInt()).isEqualTo(403);
        }
        try (Connection connection = DriverManager.getConnection(jdbc, "sa", "");
                ResultSet rows = connection.createStatement().executeQuery("SELECT line, kg FROM readings")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("L1'); DROP TABLE readings; --");
            assertThat(rows.getBigDecimal(2)).isEqualByComparingTo("3.5");
            assertThat(rows.next()).isFalse();
        }
    }

    @Test
    void badMessages_areAnsweredWithErrors_andTheConnectionStaysOpen() throws Exception {
        try (WebSocketClient client = WebSocketClient.connect(agent.client, ws(""), agent.token("ws", "*"))) {
            client.send("not json");
            client.send("{\"type\": \"launch\", \"id\": \"x\"}");
            client.send("{\"type\": \"run\", \"id\": \"y\", \"task\": \"nope\"}");
            client.send("{\"type\": \"subscribe\", \"id\": \"z\"}");
            client.send("{\"type\": \"ping\", \"id\": \"p\"}");

            client.await(answer("pong", "p"));
            List<JsonNode> errors = client.messages.stream().filter(type("error")).toList();
            assertThat(errors).hasSize(4);
            assertThat(errors.get(0).path("status").asInt()).isEqualTo(400);
            assertThat(errors.get(1).path("detail").asText()).contains("unknown message type 'launch'");
            assertThat(errors.get(2).path("status").asInt()).isEqualTo(404);
            assertThat(errors.get(3).path("field").asText()).isEqualTo("runId");
        }
    }

    @Test
    void oversizedMessage_closesTheConnectionWith1009() throws Exception {
        try (WebSocketClient client = WebSocketClient.connect(agent.client, ws(""), agent.token("ws", "*"))) {
            client.send("{\"type\": \"ping\", \"id\": \"" + "x".repeat(10_000) + "\"}");

            assertThat(client.closed.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1009);
        }
        assertThat(agent.get("/api/v1/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void handshake_withoutAValidToken_isRefused() {
        assertThatThrownBy(() -> WebSocketClient.connect(agent.client, ws(""), null))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
                        .isEqualTo(401));
        assertThatThrownBy(() -> WebSocketClient.connect(agent.client, ws("?access_token=trk_nope"), null))
                .cause().isInstanceOf(WebSocketHandshakeException.class);
    }

    @Test
    void quietConnection_isPinged_andOneThatNeverAnswersIsClosedAfterTheIdleTimeout() throws Exception {
        String token = agent.token("ws", "*");
        try (WebSocketClient client = WebSocketClient.connect(agent.client, ws(""), token)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> client.pings.get() >= 2);
            assertThat(client.closed).as("the JDK client answers pings, so it stays").isNotDone();
        }
        try (Socket socket = new Socket("127.0.0.1", agent.api.port())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Authorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            String head = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
            assertThat(head).isEqualTo("HTTP/1.1 101");
            byte[] rest = in.readAllBytes();
            String frames = new String(rest, StandardCharsets.ISO_8859_1);
            assertThat(frames).as("a ping, then a close frame, then the end").contains("\u0089").contains("\u0088");
        }
    }
}
