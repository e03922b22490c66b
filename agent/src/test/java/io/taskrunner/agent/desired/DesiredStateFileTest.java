package io.taskrunner.agent.desired;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.definition.DatasourceDefinition;
import io.taskrunner.protocol.definition.DefinitionSet;
import io.taskrunner.protocol.message.DesiredBundle;
import io.taskrunner.protocol.security.KeyFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** desired.json keeps inline datasource passwords encrypted and reads them back; old plaintext files still work. */
class DesiredStateFileTest {
    private static final String PASSWORD = "Sup3r-plaintext";
    private static final DesiredBundle BUNDLE = new DesiredBundle(3, new DefinitionSet(List.of(), List.of(
            new DatasourceDefinition("plant", "jdbc:h2:mem:plant", "sa", null,
                    Map.of("password", PASSWORD, "ssl", "false"))), null, null));

    @TempDir
    Path dir;
    private final MessageCodec codec = new MessageCodec();

    @Test
    void write_keepsThePasswordEncrypted_andReadReturnsIt() throws Exception {
        DesiredStateFile file = new DesiredStateFile(dir.resolve("desired.json"), codec);

        file.write(BUNDLE);

        String stored = Files.readString(dir.resolve("desired.json"));
        assertThat(stored).doesNotContain(PASSWORD).contains("enc:v1:").contains("\"ssl\" : \"false\"");
        assertThat(dir.resolve(KeyFile.FILE_NAME)).exists();
        assertThat(new DesiredStateFile(dir.resolve("desired.json"), codec).read()).contains(BUNDLE);
    }

    @Test
    void read_ofAFileFromBeforeEncryption_returnsTheBundle_andRewritesItEncrypted() throws Exception {
        Files.write(dir.resolve("desired.json"), codec.mapper().writeValueAsBytes(BUNDLE));
        assertThat(Files.readString(dir.resolve("desired.json"))).contains(PASSWORD);

        assertThat(new DesiredStateFile(dir.resolve("desired.json"), codec).read()).contains(BUNDLE);

        assertThat(new String(Files.readAllBytes(dir.resolve("desired.json")), StandardCharsets.UTF_8))
                .doesNotContain(PASSWORD).contains("enc:v1:");
        assertThat(new DesiredStateFile(dir.resolve("desired.json"), codec).read()).contains(BUNDLE);
    }
}
