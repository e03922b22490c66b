package io.taskrunner.agent.datasource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.agent.task.TaskException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretResolverTest {

    @TempDir
    Path dir;

    private SecretResolver resolver(Map<String, String> environment) {
        return new SecretResolver(dir.resolve("secrets.json"), environment);
    }

    @Test
    void resolve_envReference_returnsTheVariable() {
        assertThat(resolver(Map.of("DB_PASS", "s3cret")).resolve("env:DB_PASS")).isEqualTo("s3cret");
    }

    @Test
    void resolve_whenTheVariableIsNotSet_failsNamingTheReference() {
        assertThatThrownBy(() -> resolver(Map.of("OTHER", "value-not-shown")).resolve("env:DB_PASS"))
                .isInstanceOf(TaskException.class)
                .hasMessageContaining("env:DB_PASS")
                .hasMessageNotContaining("value-not-shown");
    }

    @Test
    void resolve_fileReference_returnsTheFirstLineWithoutItsEnd() throws Exception {
        Path file = Files.writeString(dir.resolve("pw.txt"), "first line\r\nsecond line\n");

        assertThat(resolver(Map.of()).resolve("file:" + file)).isEqualTo("first line");
    }

    @Test
    void resolve_fileReference_dropsAByteOrderMark() throws Exception {
        Path file = Files.writeString(dir.resolve("pw.txt"), "\uFEFFpassword");

        assertThat(resolver(Map.of()).resolve("file:" + file)).isEqualTo("password");
    }

    @Test
    void resolve_whenTheFileIsMissing_failsNamingTheReference() {
        Path missing = dir.resolve("nope.txt");

        assertThatThrownBy(() -> resolver(Map.of()).resolve("file:" + missing))
                .isInstanceOf(TaskException.class)
                .hasMessageContaining("file:" + missing)
                .hasMessageContaining("does not exist");
    }

    @Test
    void resolve_whenTheFileIsEmpty_failsNamingTheReference() throws Exception {
        Path file = Files.writeString(dir.resolve("pw.txt"), "");

        assertThatThrownBy(() -> resolver(Map.of()).resolve("file:" + file))
                .isInstanceOf(TaskException.class)
                .hasMessageContaining("is empty");
    }

    @Test
    void resolve_secretReference_readsTheSecretsFile() throws Exception {
        Files.writeString(dir.resolve("secrets.json"), "{\"db\": \"from-json\", \"other\": \"x\"}");

        assertThat(resolver(Map.of()).resolve("secret:db")).isEqualTo("from-json");
    }

    @Test
    void resolve_secretReference_seesAnEditedFileWithoutARestart() throws Exception {
        Path secrets = dir.resolve("secrets.json");
        Files.writeString(secrets, "{\"db\": \"old\"}");
        SecretResolver resolver = resolver(Map.of());
        resolver.resolve("secret:db");

        Files.writeString(secrets, "{\"db\": \"new\"}");

        assertThat(resolver.resolve("secret:db")).isEqualTo("new");
    }

    @Test
    void resolve_whenTheSecretIsMissing_failsNamingItButNoOtherValue() throws Exception {
        Files.writeString(dir.resolve("secrets.json"), "{\"other\": \"value-not-shown\"}");

        assertThatThrownBy(() -> resolver(Map.of()).resolve("secret:db"))
                .isInstanceOf(TaskException.class)
                .hasMessageContaining("secret:db")
                .hasMessageContaining("no secret 'db'")
                .hasMessageNotContaining("value-not-shown");
    }

    @Test
    void resolve_whenTheSecretsFileIsMissing_saysSo() {
        assertThatThrownBy(() -> resolver(Map.of()).resolve("secret:db"))
                .isInstanceOf(TaskException.class)
                .hasMessageContaining("secret:db")
                .hasMessageContaining("does not exist");
    }

    @Test
    void resolve_whenTheSecretsFileIsBroken_failsWithoutQuotingIt() throws Exception {
        Files.writeString(dir.resolve("secrets.json"), "{\"db\": \"value-not-shown\" oops}");

        assertThatThrownBy(() -> resolver(Map.of()).resolve("secret:db"))
                .isInstanceOf(TaskException.class)
                .hasMessageContaining("is not valid JSON (line 1")
                .hasMessageNotContaining("value-not-shown")
                .hasNoCause();
    }

    @Test
    void resolve_whenTheSecretsFileIsNotAnObject_saysWhatItMustHold() throws Exception {
        Files.writeString(dir.resolve("secrets.json"), "[\"value-not-shown\"]");

        assertThatThrownBy(() -> resolver(Map.of()).resolve("secret:db"))
                .isInstanceOf(TaskException.class)
                .hasMessageContaining("must hold a JSON object")
                .hasMessageNotContaining("value-not-shown");
    }

    @Test
    void resolve_whenTheSecretIsNotAString_failsWithoutShowingIt() throws Exception {
        Files.writeString(dir.resolve("secrets.json"), "{\"db\": 123456}");

        assertThatThrownBy(() -> resolver(Map.of()).resolve("secret:db"))
                .isInstanceOf(TaskException.class)
                .hasMessageContaining("must be a string")
                .hasMessageNotContaining("123456");
    }

    @Test
    void resolve_whenTheSchemeIsUnknown_listsTheKnownOnes() {
        assertThatThrownBy(() -> resolver(Map.of()).resolve("vault:db"))
                .isInstanceOf(TaskException.class)
                .hasMessageContaining("'vault:db'")
                .hasMessageContaining("env:NAME, file:/path or secret:NAME");
    }

    @Test
    void forDataDir_readsSecretsJsonInTheDataFolder() throws Exception {
        Files.writeString(dir.resolve(SecretResolver.SECRETS_FILE), "{\"db\": \"here\"}");

        assertThat(SecretResolver.forDataDir(dir).resolve("secret:db")).isEqualTo("here");
    }
}
