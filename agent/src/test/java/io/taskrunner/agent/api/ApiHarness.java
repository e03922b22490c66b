package io.taskrunner.agent.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskrunner.agent.api.auth.TokenFile;
import io.taskrunner.agent.config.AgentPaths;
import io.taskrunner.agent.config.HttpApiSettings;
import io.taskrunner.agent.datasource.JdbcDatasources;
import io.taskrunner.agent.datasource.SecretResolver;
import io.taskrunner.agent.engine.AgentTaskServices;
import io.taskrunner.agent.engine.DefinitionRegistry;
import io.taskrunner.agent.engine.RunEngine;
import io.taskrunner.agent.engine.RunHistory;
import io.taskrunner.agent.engine.RunLogs;
import io.taskrunner.agent.engine.TaskExecutors;
import io.taskrunner.agent.events.EventLog;
import io.taskrunner.agent.executor.ProcessExecutor;
import io.taskrunner.agent.scheduler.ScheduleStatus;
import io.taskrunner.agent.store.AgentStore;
import io.taskrunner.agent.task.TaskException;
import io.taskrunner.agent.task.javascript.JavaScriptTaskExecutor;
import io.taskrunner.agent.task.process.CommandTaskExecutor;
import io.taskrunner.agent.task.process.ShellTaskExecutor;
import io.taskrunner.agent.trigger.DeviceDataStore;
import io.taskrunner.agent.watchdog.RuleStatus;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.definition.DefinitionSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * A real agent core for API tests: agent store in a folder, definitions, a run engine with the command, shell and
 * JavaScript executors (real processes), run logs, and the HTTP API on a free port of 127.0.0.1, plain HTTP unless
 * settings say otherwise.
 */
final class ApiHarness implements AutoCloseable {
    /** What the status page shows as the watchdog's rules; tests add to it. */
    final List<RuleStatus> watchdog = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** What the status page shows as the agent's schedules; tests add to it. */
    final List<ScheduleStatus> schedules = new java.util.concurrent.CopyOnWriteArrayList<>();
    static final ObjectMapper JSON = new ObjectMapper();

    final Path dir;
    final AgentPaths paths;
    final AgentStore store;
    final MessageCodec codec = new MessageCodec();
    final DefinitionRegistry definitions = new DefinitionRegistry();
    final JdbcDatasources datasources;
    final RunEngine engine;
    final RunLogs logs;
    final HttpApi api;
    final HttpClient client;
    final String scheme;

    private ApiHarness(Path dir, DefinitionSet set, HttpApiSettings settings, SSLContext clientTls,
            Duration callbackBackoff) {
        this.dir = dir;
        this.paths = new AgentPaths(dir);
        this.store = AgentStore.open(paths.storeFile());
        EventLog events = new EventLog(store.outbox(), codec, Clock.systemUTC());
        definitions.setLocal(set);
        datasources = new JdbcDatasources(new SecretResolver(paths.secretsFile(), Map.of()));
        datasources.update(set.datasources());
        logs = new RunLogs(paths.runLogsDir(), Clock.systemUTC(), 14);
        ProcessExecutor processes = new ProcessExecutor();
        engine = new RunEngine(events, store.runQueue(), new RunHistory(store.runHistory(), codec.mapper()),
                definitions, new TaskExecutors(List.of(new CommandTaskExecutor(processes),
                        new ShellTaskExecutor(processes), new JavaScriptTaskExecutor())),
                new AgentTaskServices(Clock.systemUTC(), dir, datasources, (topic, payload, qos, retain, timeout) -> {
                    throw new TaskException("no broker in API tests");
                }), paths.workDir(), logs, Clock.systemUTC(), codec.mapper(), Duration.ofSeconds(5));
        engine.start();
        HttpApiSettings onFreePort = settings.withAddress("127.0.0.1", freePort());
        api = HttpApi.start(onFreePort, new HttpApi.Parts(paths, "agent-test", "9.9.9", engine, definitions, events,
                logs, new DeviceDataStore(datasources), () -> List.copyOf(schedules), () -> List.copyOf(watchdog), Clock.systemUTC()),
                callbackBackoff);
        scheme = onFreePort.tls() ? "https" : "http";
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (clientTls != null) {
            builder.sslContext(clientTls);
        }
        client = builder.build();
    }

    /** Plain HTTP on loopback, limits as by default but for a generous rate. */
    static ApiHarness start(Path dir, DefinitionSet set) {
        return start(dir, set, settings(1000, 1000));
    }

    static ApiHarness start(Path dir, DefinitionSet set, HttpApiSettings settings) {
        return new ApiHarness(dir, set, settings, null, Duration.ofMillis(50));
    }

    static ApiHarness startTls(Path dir, DefinitionSet set, HttpApiSettings settings, SSLContext clientTls) {
        return new ApiHarness(dir, set, settings, clientTls, Duration.ofMillis(50));
    }

    /** Enabled, plain HTTP, this rate limit, everything else default. */
    static HttpApiSettings settings(int requestsPerSecond, int burst) {
        return new HttpApiSettings(true, null, 0, false, null, null, 0, 0, 0, requestsPerSecond, burst, 0, 0, 0, 0,
                null);
    }

    /** Creates a token with these scopes and returns it. */
    String token(String name, String... scopes) {
        return new TokenFile(dir).create(name, List.of(scopes), Clock.systemUTC());
    }

    URI uri(String path) {
        return URI.create(scheme + "://127.0.0.1:" + api.port() + path);
    }

    HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60));
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    HttpResponse<String> get(String path, String token) {
        return send(request(path, token).GET().build());
    }

    HttpResponse<String> delete(String path, String token) {
        return send(request(path, token).DELETE().build());
    }

    HttpResponse<String> postJson(String path, String token, String json) {
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        api.close();
        engine.close();
        store.close();
    }
}
