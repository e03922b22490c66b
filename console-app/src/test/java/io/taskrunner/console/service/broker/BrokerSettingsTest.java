package io.taskrunner.console.service.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class BrokerSettingsTest {
    private static final Path DATA = Path.of("data");
    private static final Path KEYS = Path.of("keys.p12");
    private static final Path TRUST = Path.of("trust.p12");

    @Test
    void constructor_withInvalidValues_namesTheField() {
        assertThatThrownBy(() -> new BrokerSettings(" ", 8883, DATA, KEYS, TRUST, "pw", 4096))
                .hasMessageContaining("bindHost");
        assertThatThrownBy(() -> new BrokerSettings("0.0.0.0", 70_000, DATA, KEYS, TRUST, "pw", 4096))
                .hasMessageContaining("port");
        assertThatThrownBy(() -> new BrokerSettings("0.0.0.0", 8883, null, KEYS, TRUST, "pw", 4096))
                .hasMessageContaining("dataDir");
        assertThatThrownBy(() -> new BrokerSettings("0.0.0.0", 8883, DATA, null, TRUST, "pw", 4096))
                .hasMessageContaining("keyStorePath");
        assertThatThrownBy(() -> new BrokerSettings("0.0.0.0", 8883, DATA, KEYS, null, "pw", 4096))
                .hasMessageContaining("trustStorePath");
        assertThatThrownBy(() -> new BrokerSettings("0.0.0.0", 8883, DATA, KEYS, TRUST, "", 4096))
                .hasMessageContaining("storePassword");
        assertThatThrownBy(() -> new BrokerSettings("0.0.0.0", 8883, DATA, KEYS, TRUST, "pw", 10))
                .hasMessageContaining("maxMessageBytes");
    }

    @Test
    void toString_leavesThePasswordOut() {
        BrokerSettings settings = new BrokerSettings("0.0.0.0", 8883, DATA, KEYS, TRUST, "s3cret-store-pw", 4096);

        assertThat(settings.toString()).contains("8883").doesNotContain("s3cret-store-pw");
    }
}
