package io.taskrunner.agent.api.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.protocol.ProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CallbackUrlTest {
    @Test
    void httpAndHttpsUrls_areTaken() {
        assertThat(CallbackSender.check("https://erp.example/hooks/run?key=1").getHost()).isEqualTo("erp.example");
        assertThat(CallbackSender.check("HTTP://10.0.0.5:8080/done").getPort()).isEqualTo(8080);
        assertThat(CallbackSender.check(null)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "ftp://x/y", "gopher://x", "http:///nohost", "/relative",
            "http://x/#frag", "http://x y/", "javascript:alert(1)"})
    void otherUrls_areRefusedNamingTheField(String url) {
        assertThatThrownBy(() -> CallbackSender.check(url)).isInstanceOf(ProtocolException.class)
                .satisfies(e -> assertThat(((ProtocolException) e).field()).isEqualTo("callbackUrl"));
    }

    @Test
    void tooLongUrls_areRefused() {
        assertThatThrownBy(() -> CallbackSender.check("https://x/" + "a".repeat(3000)))
                .hasMessageContaining("2048");
    }
}
