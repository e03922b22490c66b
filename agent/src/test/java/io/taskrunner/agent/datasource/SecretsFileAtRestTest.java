package io.taskrunner.agent.datasource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.agent.task.TaskException;
import io.taskrunner.protocol.security.KeyFile;
import io.taskrunner.protocol.security.SecretBox;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** secrets.json values are encrypted at rest; plaintext written by an operator (or an old agent) still works. */
class SecretsFileAtRestTest {
    @TempDir
    Path dir;

    @Test
    void start_encryptsPlaintextValues_andResolveStillReturnsThem() throws Exception {
        Path file = dir.resolve(SecretResolver.SECRETS_FILE);
        Files.writeString(file, "{\"db\": \"Sup3r-plaintext\", \"smtp\": \"mail-pw\"}");

        SecretResolver resolver = new SecretResolver(file, Map.of());

        String stored = Files.readString(file);
        assertThat(stored).doesNotContain("Sup3r-plaintext").doesNotContain("mail-pw").contains("\"db\"")
                .contains("enc:v1:");
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        assertThat(resolver.resolve("secret:db")).isEqualTo("Sup3r-plaintext");
        assertThat(new SecretResolver(file, Map.of()).resolve("secret:smtp")).isEqualTo("mail-pw");
    }

    @Test
    void resolve_ofAPlaintextValueAddedLater_returnsIt_andEncryptsIt() throws Exception {
        Path file = dir.resolve(SecretResolver.SECRETS_FILE);
        SecretResolver resolver = new SecretResolver(file, Map.of());
        Files.writeString(file, "{\"db\": \"added-later\"}");

        assertThat(resolver.resolve("secret:db")).isEqualTo("added-later");

        assertThat(Files.readString(file)).doesNotContain("added-later");
        assertThat(resolver.resolve("secret:db")).isEqualTo("added-later");
    }

    @Test
    void resolve_ofAValueEncryptedWithAnotherKey_failsNamingTheReferenceNotTheValue() throws Exception {
        Path file = dir.resolve(SecretResolver.SECRETS_FILE);
        String foreign = SecretBox.withRandomKey().seal("secret.db", "value-not-shown");
        Files.writeString(file, "{\"db\": \"" + foreign + "\"}");
        SecretResolver resolver = new SecretResolver(file, Map.of(), () -> KeyFile.loadOrCreate(
                dir.resolve(KeyFile.FILE_NAME)));

        assertThatThrownBy(() -> resolver.resolve("secret:db"))
                .isInstanceOf(TaskException.class)
                .hasMessageContaining("secret:db")
                .hasMessageContaining("cannot be decrypted")
                .hasMessageNotContaining("value-not-shown");
    }
}
