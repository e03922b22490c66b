package io.taskrunner.agent.api;

import static io.taskrunner.agent.api.ApiHarness.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.agent.config.HttpApiSettings;
import io.taskrunner.protocol.definition.CommandTask;
import io.taskrunner.protocol.definition.DefinitionSet;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.ParameterType;
import io.taskrunner.protocol.definition.TaskDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens, scopes, limits and hostile input: each refused with a problem that says why, and the server goes on. */
class HttpApiSecurityIT {
    private static final TaskDefinition ECHO = TaskDefinition.of("echo", new CommandTask("printf",
            List.of("%s", "${text}"))).withParameters(List.of(ParameterSpec.of("text", ParameterType.STRING, true)));
    private static final TaskDefinition OTHER = TaskDefinition.of("other", new CommandTask("true", List.of()));
    private static final DefinitionSet TASKS = new DefinitionSet(List.of(ECHO, OTHER), null, null);

    @TempDir
    Path dir;
    private ApiHarness agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void missingWrongAndMalformedTokens_are401() {
        agent = ApiHarness.start(dir, TASKS);
        String token = agent.token("erp", "echo");

        HttpResponse<String> none = agent.get("/api/v1/tasks", null);
        HttpResponse<String> wrong = agent.get("/api/v1/tasks", token.substring(0, token.length() - 1) + "x");
        HttpResponse<String> basic = agent.send(agent.request("/api/v1/tasks", null)
                .header("Authorization", "Basic dXNlcjpwYXNz").build());

        assertThat(List.of(none, wrong, basic)).allSatisfy(response -> {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value ->
                    assertThat(value).startsWith("Bearer"));
            assertThat(json(response).path("type").asText()).isEqualTo("urn:taskrunner:problem:unauthorized");
        });
        assertThat(json(wrong).path("detail").asText()).contains("not known");
        assertThat(agent.get("/api/v1/tasks", token).statusCode()).isEqualTo(200);
    }

    @Test
    void tokenWithoutScope_is403_andSeesOnlyItsTasks() {
        agent = ApiHarness.start(dir, TASKS);
        String token = agent.token("erp", "echo");

        HttpResponse<String> forbidden = agent.postJson("/api/v1/tasks/other/runs", token, "{}");
        HttpResponse<String> adhoc = agent.postJson("/api/v1/commands", token, "{\"program\": \"id\"}");
        HttpResponse<String> channels = agent.postJson("/api/v1/channels", token, "{\"name\": \"x\"}");

        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(json(forbidden).path("detail").asText()).contains("may not run task 'other'");
        assertThat(adhoc.statusCode()).isEqualTo(403);
        assertThat(json(adhoc).path("detail").asText()).contains("adhoc");
        assertThat(channels.statusCode()).isEqualTo(403);
        com.fasterxml.jackson.databind.JsonNode items = json(agent.get("/api/v1/tasks", token)).path("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).path("name").asText()).isEqualTo("echo");
        assertThat(items.get(0).path("parameters").get(0).path("type").asText()).isEqualTo("string");
    }

    @Test
    void revokedToken_isRefusedAtOnce() {
        agent = ApiHarness.start(dir, TASKS);
        String token = agent.token("erp", "*");
        assertThat(agent.get("/api/v1/tasks", token).statusCode()).isEqualTo(200);

        new io.taskrunner.agent.api.auth.TokenFile(dir).revoke("erp");

        assertThat(agent.get("/api/v1/tasks", token).statusCode()).isEqualTo(401);
    }

    @Test
    void overTheRateLimit_is429WithRetryAfter_perToken() {
        agent = ApiHarness.start(dir, TASKS, ApiHarness.settings(1, 3));
        String token = agent.token("erp", "*");
        String other = agent.token("other", "*");

        List<Integer> statuses = IntStream.range(0, 5).mapToObj(i -> agent.get("/api/v1/tasks", token).statusCode())
                .toList();
        HttpResponse<String> limited = agent.get("/api/v1/tasks", token);

        assertThat(statuses.subList(0, 3)).containsOnly(200);
        assertThat(statuses.subList(3, 5)).containsOnly(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                assertThat(Integer.parseInt(seconds)).isBetween(1, 2));
        assertThat(json(limited).path("type").asText()).isEqualTo("urn:taskrunner:problem:rate-limited");
        assertThat(agent.get("/api/v1/tasks", other).statusCode()).as("another token has its own bucket")
                .isEqualTo(200);
    }

    @Test
    void tenMegabyteBody_is413_andTheServerGoesOn() {
        agent = ApiHarness.start(dir, TASKS);
        String token = agent.token("erp", "*");
        byte[] huge = new byte[10 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) 'a');

        HttpResponse<String> response = agent.send(agent.request("/api/v1/tasks/echo/runs", token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(huge))
                .build());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response).path("detail").asText()).contains("10485760").contains("1048576");
        assertThat(agent.postJson("/api/v1/tasks/echo/runs?wait=30", token, "{\"parameters\": {\"text\": \"ok\"}}")
                .statusCode()).isEqualTo(200);
    }

    @Test
    void oversizedHeaders_are431() throws IOException {
        agent = ApiHarness.start(dir, TASKS);

        String answer = raw("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 431").contains("application/problem+json").contains("headers");
        assertThat(agent.get("/api/v1/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void hostileBodies_areRefusedWithWhatWasWrong() {
        agent = ApiHarness.start(dir, TASKS);
        String token = agent.token("erp", "*");
        byte[] invalidUtf8 = {'{', '"', 'p', 'a', 'r', 'a', 'm', 'e', 't', 'e', 'r', 's', '"', ':', '{', '"', 't',
                'e', 'x', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '}'};
        String deep = "{\"parameters\":" + "[".repeat(5000) + "]".repeat(5000) + "}";

        HttpResponse<String> badUtf8 = agent.send(agent.request("/api/v1/tasks/echo/runs", token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(invalidUtf8))
                .build());
        HttpResponse<String> tooDeep = agent.postJson("/api/v1/tasks/echo/runs", token, deep);
        HttpResponse<String> notJson = agent.postJson("/api/v1/tasks/echo/runs", token, "{\"parameters\": ");
        HttpResponse<String> xml = agent.send(agent.request("/api/v1/tasks/echo/runs", token)
                .header("Content-Type", "application/xml").POST(HttpRequest.BodyPublishers.ofString("<a/>")).build());
        HttpResponse<String> badForm = agent.send(agent.request("/api/v1/tasks/echo/runs", token)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'t', 'e', 'x', 't', '=', (byte) 0xFF}))
                .build());

        assertThat(badUtf8.statusCode()).isEqualTo(400);
        assertThat(json(badUtf8).path("detail").asText()).containsIgnoringCase("utf-8");
        assertThat(tooDeep.statusCode()).isEqualTo(400);
        assertThat(json(tooDeep).path("detail").asText()).contains("nesting");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(xml.statusCode()).isEqualTo(415);
        assertThat(badForm.statusCode()).isEqualTo(400);
        assertThat(agent.engine.history().newest(10)).as("nothing ran").isEmpty();
    }

    @Test
    void pathTraversalAndOddRequestTargets_areRefused() throws IOException {
        agent = ApiHarness.start(dir, TASKS);
        String token = agent.token("erp", "*");

        assertThat(raw("GET /api/v1/../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 400");
        assertThat(raw("GET /api/v1/tasks/%2e%2e/runs HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 400");
        assertThat(raw("GET http://evil/api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 400");
        assertThat(raw("NONSENSE\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(raw("GET /?lang=%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 400");
        assertThat(raw("POST /api/v1/tasks/echo/runs?wait=%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Authorization: Bearer " + token + "\r\nContent-Length: 0\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(agent.postJson("/api/v1/tasks/a%2Fb/runs", token, "{}").statusCode()).isEqualTo(404);
        assertThat(agent.get("/api/v1/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void tls_withAConfiguredCertificate_servesHttps_andRefusesPlainHttp() throws Exception {
        TestCertificates certificates = TestCertificates.create(dir);
        HttpApiSettings settings = new HttpApiSettings(true, null, 0, true, certificates.certificate.toString(),
                certificates.key.toString(), 0, 0, 0, 1000, 1000, 0, 0, 0, 0, null);
        agent = ApiHarness.startTls(dir, TASKS, settings, certificates.clientContext());
        String token = agent.token("erp", "*");

        HttpResponse<String> response = agent.postJson("/api/v1/tasks/echo/runs?wait=30", token,
                "{\"parameters\": {\"text\": \"over tls\"}}");

        assertThat(agent.uri("/").getScheme()).isEqualTo("https");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("state").asText()).isEqualTo("succeeded");
        HttpClient trustsNothing = HttpClient.newHttpClient();
        assertThatThrownBy(() -> trustsNothing.send(HttpRequest.newBuilder(agent.uri("/api/v1/health")).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
        String plain = raw("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(plain).doesNotContain("\"status\":\"ok\"");
    }

    @Test
    void plainHttp_isRefusedOffLoopback() {
        assertThatThrownBy(() -> new HttpApiSettings(true, "0.0.0.0", 0, false, null, null, 0, 0, 0, 0, 0, 0, 0, 0,
                0, null)).hasMessageContaining("http.tls");
    }

    /** Sends raw bytes, for requests no well-behaved client would make; returns what came back. */
    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", agent.api.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = in.readNBytes(4096);
            return new String(head, StandardCharsets.UTF_8);
        } catch (java.net.SocketException e) {
            return "reset: " + e.getMessage();
        }
    }
}
