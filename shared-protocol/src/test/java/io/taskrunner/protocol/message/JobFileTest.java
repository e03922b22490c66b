package io.taskrunner.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.protocol.ProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobFileTest {
    private static final String SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final String URL = "https://console:8643/files/" + SHA256;

    @Test
    void aPlainNameHashSizeAndHttpsUrl_areAccepted() {
        JobFile file = new JobFile("firmware v2.bin", SHA256, 4, URL);

        assertThat(file.name()).isEqualTo("firmware v2.bin");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc/passwd", "a/b", "a\\b", "..", ".", " lead", "tab\there", ""})
    void aNameWithAFolderOrControlCharacter_isRefused_namingTheField(String name) {
        assertThatThrownBy(() -> new JobFile(name, SHA256, 4, URL)).isInstanceOf(ProtocolException.class)
                .extracting(e -> ((ProtocolException) e).field()).isEqualTo("name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08", "abc",
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a0g"})
    void aHashThatIsNot64LowerCaseHexDigits_isRefused(String sha256) {
        assertThatThrownBy(() -> new JobFile("a.bin", sha256, 4, URL)).isInstanceOf(ProtocolException.class)
                .hasMessageStartingWith("sha256: must be 64 lower-case hex digits");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://console:8643/files/x", "file:///etc/passwd", "/files/x", "https:///files"})
    void aUrlThatIsNotAbsoluteHttps_isRefused(String url) {
        assertThatThrownBy(() -> new JobFile("a.bin", SHA256, 4, url)).isInstanceOf(ProtocolException.class)
                .hasMessageStartingWith("url: ");
    }

    @Test
    void aNegativeSize_isRefused() {
        assertThatThrownBy(() -> new JobFile("a.bin", SHA256, -1, URL)).hasMessageStartingWith("size: ");
    }
}
