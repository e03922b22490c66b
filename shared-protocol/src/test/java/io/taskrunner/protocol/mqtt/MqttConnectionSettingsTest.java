package io.taskrunner.protocol.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MqttConnectionSettingsTest {
    private final TlsFiles tls = TlsFiles.in(Path.of("data"));

    @Test
    void constructor_fillsDefaultsForPrefixSessionExpiryAndKeepAlive() {
        MqttConnectionSettings settings = new MqttConnectionSettings("broker", 8883, "agent-01", tls, null, null, null);

        assertThat(settings.topicPrefix()).isEqualTo("taskrunner");
        assertThat(settings.sessionExpiry()).isEqualTo(MqttConnectionSettings.DEFAULT_SESSION_EXPIRY);
        assertThat(settings.keepAlive()).isEqualTo(MqttConnectionSettings.DEFAULT_KEEP_ALIVE);
        assertThat(settings.topics().state("agent-01")).isEqualTo("taskrunner/v1/agents/agent-01/state");
    }

    @Test
    void topics_useTheConfiguredPrefix() {
        MqttConnectionSettings settings = new MqttConnectionSettings("broker", 8883, "c", tls, "acme", null, null);

        assertThat(settings.topics().events("a1")).isEqualTo("acme/v1/agents/a1/events");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65536})
    void constructor_whenPortIsOutOfRange_saysSo(int port) {
        assertThatThrownBy(() -> new MqttConnectionSettings("broker", port, "c", tls, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " "})
    void constructor_whenHostIsBlank_saysSo(String host) {
        assertThatThrownBy(() -> new MqttConnectionSettings(host, 8883, "c", tls, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("broker host must not be empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "+", "#", "a b"})
    void constructor_whenClientIdCannotBeATopicLevel_namesClientId(String clientId) {
        assertThatThrownBy(() -> new MqttConnectionSettings("broker", 8883, clientId, tls, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("clientId ");
    }

    @Test
    void constructor_whenTlsIsMissing_refusesIt() {
        assertThatThrownBy(() -> new MqttConnectionSettings("broker", 8883, "c", null, null, null, null))
                .isInstanceOf(NullPointerException.class).hasMessage("tls");
    }
}
