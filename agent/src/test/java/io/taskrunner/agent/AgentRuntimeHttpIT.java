package io.taskrunner.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.agent.api.TestCertificates;
import io.taskrunner.agent.api.auth.TokenFile;
import io.taskrunner.agent.config.AgentPaths;
import io.taskrunner.protocol.security.Ed25519Keys;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent starts its HTTP API only when agent.json turns it on, and stops it with itself. */
class AgentRuntimeHttpIT {
    @TempDir
    Path dir;

    @Test
    void httpSection_startsTheApiWithTheAgent_andNoSectionLeavesItOff() throws Exception {
        AgentPaths paths = new AgentPaths(dir);
        TestCertificates certificates = TestCertificates.create(Files.createDirectories(dir.resolve("tls")));
        Files.createDirectories(paths.certificatesDir());
        Files.copy(certificates.certificate, paths.tlsFiles().caCertificate());
        Files.copy(certificates.certificate, paths.tlsFiles().clientCertificate());
        Files.copy(certificates.key, paths.tlsFiles().clientKey());
        Files.writeString(paths.definitionsFile(), """
                {"tasks": [{"name": "hello", "type": "command", "spec": {"program": "echo", "args": ["hi"]}}]}
                """);
        int port = freePort();
        int brokerPort = freePort();
        String key = Ed25519Keys.publicKeyBase64(Ed25519Keys.generate().getPublic());
        String settings = """
                {"agentId": "pc-7", "brokerHost": "127.0.0.1", "brokerPort": %d, "consoleSigningKey": "%s"%s}
                """;
        Files.writeString(paths.settingsFile(), settings.formatted(brokerPort, key, ""));
        HttpClient client = HttpClient.newHttpClient();
        URI health = URI.create("http://127.0.0.1:" + port + "/api/v1/health");

        try (AgentRuntime runtime = AgentRuntime.start(paths, Clock.systemUTC())) {
            assertThat(runtime.agentId()).isEqualTo("pc-7");
            try (ServerSocket free = new ServerSocket(port)) {
                assertThat(free.getLocalPort()).as("nothing listens on the API port").isEqualTo(port);
            }
        }

        Files.writeString(paths.settingsFile(), settings.formatted(brokerPort, key,
                ", \"http\": {\"enabled\": true, \"port\": " + port + ", \"tls\": false}"));
        String token = new TokenFile(dir).create("ops", List.of("hello"), Clock.systemUTC());
        try (AgentRuntime runtime = AgentRuntime.start(paths, Clock.systemUTC())) {
            assertThat(client.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString())
                    .body()).contains("\"agentId\":\"pc-7\"");
            HttpResponse<String> run = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/v1/tasks/hello/runs?wait=30")).header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
            assertThat(run.body()).contains("\"state\":\"succeeded\"");
        }
        try (ServerSocket free = new ServerSocket(port)) {
            assertThat(free.getLocalPort()).as("the API stopped with the agent").isEqualTo(port);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
