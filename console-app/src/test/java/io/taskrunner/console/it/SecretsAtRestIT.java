package io.taskrunner.console.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskrunner.console.service.desired.DefinitionKind;
import io.taskrunner.console.service.desired.DesiredStateService;
import io.taskrunner.console.service.desired.Target;
import io.taskrunner.console.service.runs.RunSnapshot;
import io.taskrunner.console.service.runs.TaskRunRequest;
import io.taskrunner.protocol.message.RunState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A datasource with an inline password, deployed from the console to a real agent process and used by a SQL task:
 * afterwards neither the console's H2 database (nor any console file outside the broker's journal) nor any file of the
 * agent holds the password in plain.
 */
class SecretsAtRestIT {
    private static final String PASSWORD = "Pl4intext-DB-pw-7731";
    private static final String AGENT = ConsoleAndAgent.AGENT_ID;

    @TempDir
    Path dir;

    @Test
    void inlineDatasourcePassword_works_andIsInNoFileOfConsoleOrAgent() throws Exception {
        Path database = dir.resolve("plantdb");
        String jdbcUrl = "jdbc:h2:file:" + database.toAbsolutePath();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "sa", PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE weights (batch VARCHAR(20), kg DOUBLE)");
        }
        try (ConsoleAndAgent fixture = ConsoleAndAgent.start(dir, null)) {
            DesiredStateService desired = fixture.console().desired();
            desired.putJson(DefinitionKind.DATASOURCE, """
                    {"name": "plant", "jdbcUrl": "URL", "user": "sa", "properties": {"password": "PW"}}"""
                    .replace("URL", jdbcUrl).replace("PW", PASSWORD));
            desired.putJson(DefinitionKind.TASK, """
                    {"name": "weigh", "type": "sql", "spec": {"datasource": "plant",
                     "statements": ["INSERT INTO weights (batch, kg) VALUES ('B-1', 12.5)"]}}""");
            desired.assign(DefinitionKind.DATASOURCE, "plant", Target.ALL);
            desired.assign(DefinitionKind.TASK, "weigh", Target.ALL);
            desired.deploy().join();
            await("bundle applied").atMost(Duration.ofSeconds(60)).until(() -> desired.status().stream()
                    .anyMatch(status -> status.agentId().equals(AGENT) && status.appliedVersion() == 1));

            RunSnapshot started = fixture.console().runs().runTask(AGENT, new TaskRunRequest("weigh", null, Map.of(),
                    0, 0)).join();
            RunSnapshot finished = fixture.awaitFinished(started.runId());
            assertThat(finished.state()).as(finished.error()).isEqualTo(RunState.SUCCEEDED);
            assertThat(Files.readString(fixture.agentDir().resolve("desired.json"))).contains("enc:v1:");
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "sa", PASSWORD);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM weights")) {
            rows.next();
            assertThat(rows.getInt(1)).as("the task wrote with the password").isEqualTo(1);
        }
        assertThat(filesContaining(dir.resolve("agent"), PASSWORD)).isEmpty();
        // The embedded broker's journal keeps the retained bundle as it was published (docs/security.md, known gap).
        assertThat(filesContaining(dir.resolve("console"), PASSWORD))
                .allMatch(file -> file.startsWith(dir.resolve("console").resolve("broker")));
        assertThat(filesContaining(dir.resolve("console").resolve("db"), PASSWORD)).isEmpty();
        assertThat(filesContaining(dir.resolve("console").resolve("db"), "weigh")).as("the search finds what is stored")
                .isNotEmpty();
    }

    private static List<Path> filesContaining(Path folder, String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).filter(file -> contains(file, needle)).toList();
        }
    }

    private static boolean contains(Path file, byte[] needle) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }
}
