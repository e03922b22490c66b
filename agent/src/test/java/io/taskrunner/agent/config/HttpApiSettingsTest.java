package io.taskrunner.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpApiSettingsTest {
    @TempDir
    Path dir;

    private static final String AGENT_JSON = """
            {"agentId": "pc-7", "brokerHost": "console", "brokerPort": 8883, "consoleSigningKey": "key"%s}
            """;

    @Test
    void agentJsonWithoutHttpSection_leavesTheApiOff() throws Exception {
        Files.writeString(dir.resolve("agent.json"), AGENT_JSON.formatted(""));

        AgentSettings settings = new SettingsFile().read(new AgentPaths(dir));

        assertThat(settings.http()).isNull();
        assertThat(settings.httpApi().enabled()).isFalse();
    }

    @Test
    void httpSection_getsDefaultsForWhatItLeavesOut() throws Exception {
        Files.writeString(dir.resolve("agent.json"), AGENT_JSON.formatted(", \"http\": {\"enabled\": true}"));

        HttpApiSettings http = new SettingsFile().read(new AgentPaths(dir)).httpApi();

        assertThat(http.enabled()).isTrue();
        assertThat(http.bind()).isEqualTo("127.0.0.1");
        assertThat(http.port()).isEqualTo(60001);
        assertThat(http.tls()).isTrue();
        assertThat(http.certificateFile(new AgentPaths(dir))).isEqualTo(dir.resolve("certs/client.cert.pem"));
        assertThat(http.maxBodyBytes()).isEqualTo(1024 * 1024);
        assertThat(http.maxUploadBytes()).isEqualTo(16 * 1024 * 1024);
        assertThat(http.maxHeaderBytes()).isEqualTo(16 * 1024);
        assertThat(http.requestsPerSecond()).isEqualTo(20);
        assertThat(http.burst()).isEqualTo(40);
        assertThat(http.statusPage()).isEqualTo("local");
    }

    @Test
    void badValues_areRefusedNamingTheSetting() throws Exception {
        Files.writeString(dir.resolve("agent.json"), AGENT_JSON.formatted(", \"http\": {\"port\": 70000}"));

        assertThatThrownBy(() -> new SettingsFile().read(new AgentPaths(dir))).isInstanceOf(AgentConfigException.class)
                .hasMessageContaining("http.port");
        assertThatThrownBy(() -> new HttpApiSettings(true, "192.168.1.5", 0, false, null, null, 0, 0, 0, 0, 0, 0, 0,
                0, 0, null)).hasMessageContaining("loopback");
        assertThatThrownBy(() -> new HttpApiSettings(false, null, 0, null, null, null, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                "everyone")).hasMessageContaining("statusPage");
        assertThat(new HttpApiSettings(true, "::1", 0, false, null, null, 0, 0, 0, 0, 0, 0, 0, 0, 0, null).tls())
                .isFalse();
    }
}
