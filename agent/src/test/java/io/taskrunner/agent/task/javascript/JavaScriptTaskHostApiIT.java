package io.taskrunner.agent.task.javascript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.taskrunner.agent.task.Datasources;
import io.taskrunner.agent.task.TaskException;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.agent.task.TestRun;
import io.taskrunner.protocol.definition.DatasourceDefinition;
import io.taskrunner.protocol.definition.JavaScriptTask;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.message.RunState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The host API against real things: a JDK HTTP server, an H2 database, the file system, a recording publisher. */
class JavaScriptTaskHostApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JavaScriptTaskExecutor executor = new JavaScriptTaskExecutor(HttpClient.newHttpClient());
    private final ExecutorService runner = Executors.newVirtualThreadPerTaskExecutor();
    private final CountDownLatch releaseSlow = new CountDownLatch(1);
    private final H2Datasources datasources = new H2Datasources();
    private final List<Published> published = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private String base;

    @TempDir
    Path dir;
    @TempDir
    Path outside;

    private record Published(String topic, String payload, int qos, boolean retain, Duration timeout) {
    }

    @BeforeEach
    void start() throws IOException, SQLException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(runner);
        server.createContext("/json", exchange -> respond(exchange, 200, "application/json",
                "{\"ok\": true, \"items\": [1, 2]}"));
        server.createContext("/echo", exchange -> respond(exchange, 201, "text/plain; charset=utf-8",
                exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("X-Test") + " "
                        + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                        + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        server.createContext("/slow", exchange -> {
            try {
                releaseSlow.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, 200, "text/plain", "late");
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        try (Connection connection = datasources.open("main"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE people (id INT PRIMARY KEY, name VARCHAR(100))");
            statement.execute("INSERT INTO people VALUES (1, 'Ada'), (2, 'Linus')");
        }
    }

    @AfterEach
    void stop() throws SQLException {
        releaseSlow.countDown();
        server.stop(0);
        runner.shutdownNow();
        try (Connection connection = datasources.open("main"); Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        }
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private TestRun script(String source) {
        return TestRun.of(TaskDefinition.of("js-api", new JavaScriptTask("var BASE = '" + base + "';\n" + source, 0)))
                .workDir(dir).timeout(Duration.ofSeconds(30))
                .services(new TestRun.Services(datasources, (topic, payload, qos, retain, timeout) -> published.add(
                        new Published(topic, new String(payload, StandardCharsets.UTF_8), qos, retain, timeout)),
                        dir));
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    @Test
    void progress_reportsPercentAndDetails_fractionsRoundedDown_andEitherMayBeLeftOut() {
        TestRun run = script("""
                progress(10, 'reading orders');
                progress(42.9);
                progress(null, 'writing ' + 3 + ' files');
                progress(100, 'done');
                """);

        TaskOutcome outcome = run.runWith(executor);

        assertThat(outcome.error()).isNull();
        assertThat(run.progress()).containsExactly("10 reading orders", "42 null", "null writing 3 files",
                "100 done");
    }

    @ParameterizedTest
    @ValueSource(strings = {"progress(101)", "progress(-1, 'x')", "progress('half')", "progress()"})
    void progress_withABadValue_isAScriptErrorTheScriptCanCatch(String call) {
        TestRun run = script("try { " + call + "; result = 'no error'; } catch (e) { result = e.message; }");

        TaskOutcome outcome = run.runWith(executor);

        assertThat(outcome.result().textValue()).startsWith("progress: ");
        assertThat(run.progress()).isEmpty();
    }

    @Test
    void httpGet_whenResponseIsJson_returnsItParsed() throws Exception {
        TaskOutcome outcome = script("""
                var response = http.get(BASE + '/json');
                result = {status: response.status, ok: response.json.ok, items: response.json.items,
                          type: response.headers['content-type'], body: response.body};
                """).runWith(executor);

        assertThat(outcome.error()).isNull();
        assertThat(outcome.result()).isEqualTo(json("""
                {"status": 200, "ok": true, "items": [1, 2], "type": "application/json",
                 "body": "{\\"ok\\": true, \\"items\\": [1, 2]}"}"""));
    }

    @Test
    void httpPost_sendsTheBodyAsJsonWithTheGivenHeaders() throws Exception {
        TaskOutcome outcome = script("""
                var response = http.post(BASE + '/echo', {a: 1}, {headers: {'X-Test': 'yes'}});
                result = {status: response.status, body: response.body, json: response.json};
                """).runWith(executor);

        assertThat(outcome.error()).isNull();
        assertThat(outcome.result()).isEqualTo(json("""
                {"status": 201, "body": "POST yes application/json {\\"a\\":1}", "json": null}"""));
    }

    @Test
    void httpRequest_sendsTheMethodAndTextBody() {
        TaskOutcome outcome = script("""
                result = http.request({method: 'put', url: BASE + '/echo', body: 'plain',
                                       headers: {'X-Test': 'put', 'Content-Type': 'text/plain'}}).body;
                """).runWith(executor);

        assertThat(outcome.error()).isNull();
        assertThat(outcome.result().textValue()).isEqualTo("PUT put text/plain plain");
    }

    @Test
    void http_whenServerIsSlowerThanTimeoutMs_failsNamingTheTimeout() {
        long start = System.nanoTime();

        TaskOutcome outcome = script("http.get(BASE + '/slow', {timeoutMs: 300});").runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.error()).contains("timed out after 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void http_whenCancelledWhileWaiting_endsCancelledQuickly() {
        TestRun run = script("log('calling'); http.get(BASE + '/slow');");
        CompletableFuture<TaskOutcome> outcome = CompletableFuture.supplyAsync(() -> run.runWith(executor), runner);
        await().atMost(Duration.ofSeconds(10)).until(() -> run.stdout().contains("calling"));

        run.cancel().cancel();

        TaskOutcome ended = await().atMost(Duration.ofSeconds(3)).until(() -> outcome.getNow(null),
                finished -> finished != null);
        assertThat(ended.state()).isEqualTo(RunState.CANCELLED);
    }

    @Test
    void http_whenUrlIsNotHttp_refusesIt() {
        TaskOutcome outcome = script("http.get('file:///etc/passwd');").runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.error()).contains("only http and https URLs are allowed");
    }

    @Test
    void sqlQuery_bindsNamedParametersAndReturnsRowsAsObjects() throws Exception {
        TaskOutcome outcome = script("""
                var rows = sql.query('main',
                    'SELECT id AS "id", name AS "name" FROM people WHERE id >= :min AND name <> \\':min\\' ORDER BY id',
                    {min: 1});
                result = {isArray: Array.isArray(rows), rows: rows, names: rows.map(row => row.name).join()};
                """).runWith(executor);

        assertThat(outcome.error()).isNull();
        assertThat(outcome.result()).isEqualTo(json("""
                {"isArray": true, "rows": [{"id": 1, "name": "Ada"}, {"id": 2, "name": "Linus"}],
                 "names": "Ada,Linus"}"""));
    }

    @Test
    void sqlUpdate_returnsTheUpdateCount() throws Exception {
        TaskOutcome outcome = script("""
                result = sql.update('main', 'UPDATE people SET name = :name WHERE id = :id', {name: 'Grace', id: 1});
                """).runWith(executor);

        assertThat(outcome.error()).isNull();
        assertThat(outcome.result().asInt()).isEqualTo(1);
        assertThat(names()).containsExactly("Grace", "Linus");
    }

    @Test
    void sql_whenParameterHoldsSqlText_keepsItAsData() throws Exception {
        TaskOutcome outcome = script("""
                var found = sql.query('main', 'SELECT id FROM people WHERE name = :name', {name: "' OR 1=1 --"});
                var changed = sql.update('main', 'UPDATE people SET name = :name WHERE id = 2',
                    {name: "x'; DROP TABLE people; --"});
                result = {found: found, changed: changed};
                """).runWith(executor);

        assertThat(outcome.error()).isNull();
        assertThat(outcome.result()).isEqualTo(json("{\"found\": [], \"changed\": 1}"));
        assertThat(names()).containsExactly("Ada", "x'; DROP TABLE people; --");
    }

    @Test
    void sql_whenAParameterHasNoValue_failsNamingIt() {
        TaskOutcome outcome = script("sql.query('main', 'SELECT * FROM people WHERE id = :id', {});")
                .runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.error()).endsWith("sql.query: no value for parameter :id");
    }

    @Test
    void sql_whenDatasourceIsUnknownOrSqlIsWrong_theScriptCanCatchIt() throws Exception {
        TaskOutcome outcome = script("""
                var errors = [];
                try { sql.query('nope', 'SELECT 1', {}); } catch (e) { errors.push(e.message); }
                try { sql.query('main', 'SELECT missing FROM people', {}); } catch (e) {
                    errors.push(e.message.substring(0, 28));
                }
                result = errors;
                """).runWith(executor);

        assertThat(outcome.error()).isNull();
        assertThat(outcome.result()).isEqualTo(json("""
                ["sql.query: no datasource named 'nope'", "sql.query on 'main' failed: "]"""));
    }

    @Test
    void files_whenUsedInsideTheWorkFolder_writeReadListAndDelete() throws Exception {
        TaskOutcome outcome = script("""
                files.write('out/report.txt', 'line 1\\n');
                files.append('out/report.txt', 'line 2\\n');
                files.write('kept.txt', 'kept');
                result = {text: files.read('out/report.txt'), list: files.list('out'), top: files.list(),
                          exists: files.exists('out/report.txt'), missing: files.exists('nope.txt'),
                          deleted: files.delete('out/report.txt'), after: files.exists('out/report.txt')};
                """).runWith(executor);

        assertThat(outcome.error()).isNull();
        assertThat(outcome.result()).isEqualTo(json("""
                {"text": "line 1\\nline 2\\n", "list": ["report.txt"], "top": ["kept.txt", "out"],
                 "exists": true, "missing": false, "deleted": true, "after": false}"""));
        assertThat(dir.resolve("kept.txt")).hasContent("kept");
    }

    @ParameterizedTest
    @ValueSource(strings = {"files.write('../escaped.txt', 'x');", "files.read('/etc/passwd');",
        "files.write('sub/../../escaped.txt', 'x');", "files.write(OUTSIDE + '/escaped.txt', 'x');",
        "files.list('..');", "files.exists('../escaped.txt');", "files.delete('..');"})
    void files_whenPathLeavesTheWorkFolder_refusesIt(String call) {
        Path escaped = dir.getParent().resolve("escaped.txt");
        String source = "var OUTSIDE = '" + outside + "';\n" + call;

        TaskOutcome outcome = script(source).runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.error()).contains("is outside the task's work folder");
        assertThat(escaped).doesNotExist();
        assertThat(outside.resolve("escaped.txt")).doesNotExist();
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void files_whenASymbolicLinkPointsOutside_refusesToFollowIt() throws Exception {
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(dir.resolve("linked-dir"), outside);
        Files.createSymbolicLink(dir.resolve("linked-file"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(dir.resolve("dangling"), outside.resolve("created-through-link.txt"));

        for (String call : List.of("files.read('linked-dir/secret.txt')", "files.read('linked-file')",
                "files.write('linked-dir/new.txt', 'x')", "files.write('linked-file', 'overwritten')",
                "files.write('dangling', 'x')", "files.delete('linked-dir/secret.txt')")) {
            TaskOutcome outcome = script(call + ";").runWith(executor);

            assertThat(outcome.error()).as(call).contains("is outside the task's work folder");
        }
        assertThat(outside.resolve("secret.txt")).hasContent("secret");
        assertThat(outside.resolve("new.txt")).doesNotExist();
        assertThat(outside.resolve("created-through-link.txt")).doesNotExist();
    }

    @Test
    void mqttPublish_reachesThePublisherWithPayloadQosAndRetain() {
        TaskOutcome outcome = script("""
                mqtt.publish('plant/line1/status', {state: 'ok', count: 2}, {qos: 1, retain: true});
                mqtt.publish('plant/line1/raw', 'plain text');
                """).runWith(executor);

        assertThat(outcome.error()).isNull();
        assertThat(published).hasSize(2);
        assertThat(published.get(0).topic()).isEqualTo("plant/line1/status");
        assertThat(published.get(0).payload()).isEqualTo("{\"state\":\"ok\",\"count\":2}");
        assertThat(published.get(0).qos()).isEqualTo(1);
        assertThat(published.get(0).retain()).isTrue();
        assertThat(published.get(0).timeout()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(published.get(1)).extracting(Published::payload, Published::qos, Published::retain)
                .containsExactly("plain text", 0, false);
    }

    @Test
    void mqttPublish_whenTopicHasAWildcard_failsWithoutPublishing() {
        TaskOutcome outcome = script("mqtt.publish('plant/#', 'x');").runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.error()).contains("without wildcards");
        assertThat(published).isEmpty();
    }

    @Test
    void mqttPublish_whenTheAgentIsNotConnected_failsWithThePublishersMessage() {
        TaskDefinition task = TaskDefinition.of("js-api", new JavaScriptTask("mqtt.publish('a/b', 'x');", 0));

        TaskOutcome outcome = TestRun.of(task).workDir(dir).runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.error()).endsWith("Error: mqtt.publish: not connected");
    }

    private List<String> names() throws SQLException {
        try (Connection connection = datasources.open("main"); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT name FROM people ORDER BY id")) {
            List<String> names = new java.util.ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString(1));
            }
            return names;
        }
    }

    /** One in-memory H2 database named {@code main}, private to the test. */
    private static final class H2Datasources implements Datasources {
        private final String url = "jdbc:h2:mem:js-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

        @Override
        public Optional<DatasourceDefinition> definition(String name) {
            return "main".equals(name) ? Optional.of(new DatasourceDefinition("main", url, "sa", null, null))
                    : Optional.empty();
        }

        @Override
        public Connection open(String name) {
            if (!"main".equals(name)) {
                throw new TaskException("no datasource named '" + name + "'");
            }
            try {
                return DriverManager.getConnection(url, "sa", "");
            } catch (SQLException e) {
                throw new TaskException("cannot connect to '" + name + "': " + e.getMessage(), e);
            }
        }

        @Override
        public Optional<String> password(String name) {
            return Optional.empty();
        }
    }
}
