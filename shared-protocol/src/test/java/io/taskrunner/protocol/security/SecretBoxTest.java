package io.taskrunner.protocol.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretBoxTest {
    private final SecretBox box = SecretBox.withRandomKey();

    @Test
    void seal_thenOpen_returnsThePlaintext() {
        String sealed = box.seal("datasource.password", "Sup3r-secret ü");

        assertThat(sealed).startsWith("enc:v1:").doesNotContain("Sup3r");
        assertThat(box.open("datasource.password", sealed)).isEqualTo("Sup3r-secret ü");
    }

    @Test
    void seal_sameValueTwice_givesDifferentTexts() {
        assertThat(box.seal("p", "same")).isNotEqualTo(box.seal("p", "same"));
    }

    @Test
    void open_whenCiphertextWasChanged_failsNamingTheField() {
        String sealed = box.seal("datasource.password", "secret");
        byte[] bytes = Base64.getDecoder().decode(sealed.substring(SecretBox.PREFIX.length()));
        bytes[bytes.length - 1] ^= 1;
        String tampered = SecretBox.PREFIX + Base64.getEncoder().encodeToString(bytes);

        assertThatThrownBy(() -> box.open("datasource.password", tampered))
                .isInstanceOf(SecretBoxException.class)
                .hasMessageContaining("datasource.password")
                .hasMessageContaining("cannot be decrypted");
    }

    @Test
    void open_withAnotherKey_fails() {
        String sealed = box.seal("datasource.password", "secret");

        assertThatThrownBy(() -> SecretBox.withRandomKey().open("datasource.password", sealed))
                .isInstanceOf(SecretBoxException.class)
                .hasMessageContaining("another key");
    }

    @Test
    void open_forAnotherPurpose_fails() {
        String sealed = box.seal("datasource.password", "secret");

        assertThatThrownBy(() -> box.open("job.parameter.token", sealed))
                .isInstanceOf(SecretBoxException.class)
                .hasMessageContaining("job.parameter.token");
    }

    @Test
    void open_whenNotSealedOrTruncated_failsNamingTheField() {
        assertThatThrownBy(() -> box.open("smtp.password", "plain"))
                .isInstanceOf(SecretBoxException.class).hasMessageContaining("smtp.password");
        assertThatThrownBy(() -> box.open("smtp.password", "enc:v1:AAAA"))
                .isInstanceOf(SecretBoxException.class).hasMessageContaining("too short");
        assertThatThrownBy(() -> box.open("smtp.password", "enc:v1:%%%"))
                .isInstanceOf(SecretBoxException.class).hasMessageContaining("Base64");
    }

    @Test
    void openIfSealed_passesPlaintextThrough_andSealIfPlainSealsOnce() {
        assertThat(box.openIfSealed("p", "legacy")).isEqualTo("legacy");
        assertThat(box.openIfSealed("p", null)).isNull();
        String sealed = box.sealIfPlain("p", "value");
        assertThat(box.sealIfPlain("p", sealed)).isSameAs(sealed);
        assertThat(box.openIfSealed("p", sealed)).isEqualTo("value");
    }

    @Test
    void constructor_rejectsAKeyOfTheWrongLength() {
        assertThatThrownBy(() -> new SecretBox(new byte[16]))
                .isInstanceOf(SecretBoxException.class).hasMessageContaining("32 bytes");
    }

    @Test
    void toString_hidesTheKey() {
        assertThat(box.toString()).isEqualTo("SecretBox[key hidden]");
    }
}
