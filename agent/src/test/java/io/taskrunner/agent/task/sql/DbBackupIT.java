package io.taskrunner.agent.task.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskrunner.agent.datasource.JdbcDatasources;
import io.taskrunner.agent.executor.CancellationToken;
import io.taskrunner.agent.executor.CommandSpec;
import io.taskrunner.agent.executor.ExecutionResult;
import io.taskrunner.agent.executor.ProcessExecutor;
import io.taskrunner.agent.task.Datasources;
import io.taskrunner.agent.task.MqttPublisher;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.agent.task.TaskServices;
import io.taskrunner.agent.task.Interpreters;
import io.taskrunner.agent.task.TestRun;
import io.taskrunner.protocol.definition.DatasourceDefinition;
import io.taskrunner.protocol.definition.DbBackupTask;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.message.RunState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backs up real databases with their own tools: H2 over JDBC, pg_dump, and mariadb-dump or mysqldump. */
class DbBackupIT {
    private static final Instant START = Instant.parse("2025-01-02T03:04:05.006Z");

    @TempDir
    Path dataDir;

    private JdbcDatasources datasources;
    private TestDatabase database;
    private String table;
    private Instant now = START;

    @AfterEach
    void dropTable() throws Exception {
        if (table != null) {
            TestDatabase.execute(datasources, database.datasource(), "DROP TABLE IF EXISTS " + table);
        }
    }

    /** Services whose clock the test moves, so backup names are known. */
    private record Services(Datasources datasources, Path dataDir, Clock clock) implements TaskServices {
        @Override
        public MqttPublisher mqtt() {
            throw new UnsupportedOperationException("backups publish nothing");
        }
    }

    private void setUp(TestDatabase db) throws Exception {
        database = db;
        datasources = db.datasources(dataDir);
        table = TestDatabase.uniqueTable();
        TestDatabase.execute(datasources, db.datasource(),
                "CREATE TABLE " + table + " (id INT PRIMARY KEY, name VARCHAR(50))",
                "INSERT INTO " + table + " VALUES (1, 'first row'), (2, 'second row')");
    }

    private TestRun run(String task, DbBackupTask spec) {
        return TestRun.of(TaskDefinition.of(task, spec))
                .services(new Services(datasources, dataDir, Clock.fixed(now, ZoneOffset.UTC)));
    }

    private TaskOutcome backup(String task, String format, int keep) {
        return run(task, new DbBackupTask(database.datasource(), "backups", keep, format))
                .runWith(new DbBackupTaskExecutor(new ProcessExecutor()));
    }

    private static void assertSucceeded(TaskOutcome outcome) {
        assertThat(outcome.state()).as(outcome.error()).isEqualTo(RunState.SUCCEEDED);
    }

    private static Path fileOf(TaskOutcome outcome) {
        return Path.of(outcome.result().get("file").textValue());
    }

    private List<String> backupFolder() throws Exception {
        try (Stream<Path> files = Files.list(dataDir.resolve("backups"))) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    private static void requireTool(String... names) {
        if (Interpreters.system().findFirst(List.of(names)).isEmpty()) {
            fail("this test needs " + String.join(" or ", names) + " on PATH (" + System.getenv("PATH") + ")");
        }
    }

    @Test
    void h2Backup_writesAZipIntoTheRelativeFolderWithItsSizeAndSha256() throws Exception {
        setUp(TestDatabase.H2);

        TaskOutcome outcome = backup("nightly", null, 0);

        assertSucceeded(outcome);
        Path file = fileOf(outcome);
        assertThat(file).isEqualTo(dataDir.resolve("backups/nightly-20250102-030405-006.zip").toAbsolutePath());
        try (ZipFile zip = new ZipFile(file.toFile())) {
            assertThat(zip.stream().map(entry -> entry.getName())).anyMatch(name -> name.endsWith(".mv.db"));
        }
        JsonNode result = outcome.result();
        assertThat(result.get("sizeBytes").longValue()).isEqualTo(Files.size(file)).isPositive();
        assertThat(result.get("sha256").textValue()).isEqualTo(sha256(file));
        assertThat(result.get("deleted")).isEmpty();
        assertThat(backupFolder()).containsExactly(file.getFileName().toString());
    }

    @Test
    void h2Script_writesSqlHoldingTheTableAndItsRows() throws Exception {
        setUp(TestDatabase.H2);

        TaskOutcome outcome = backup("export", "script", 0);

        assertSucceeded(outcome);
        Path file = fileOf(outcome);
        assertThat(file.getFileName().toString()).isEqualTo("export-20250102-030405-006.sql");
        String script = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(script).startsWith("-- H2").contains("CREATE").contains(table).contains("second row");
        assertThat(outcome.result().get("sha256").textValue()).isEqualTo(sha256(file));
    }

    @Test
    void keep_leavesTheNewestBackupsOfTheTaskAndNothingElseIsTouched() throws Exception {
        setUp(TestDatabase.H2);
        Files.createDirectories(dataDir.resolve("backups"));
        Path unrelated = Files.writeString(dataDir.resolve("backups/readme.txt"), "not a backup");
        Path otherTask = Files.writeString(dataDir.resolve("backups/other-20200101-000000-000.zip"), "other");

        TaskOutcome first = backup("rotating", null, 2);
        now = now.plusSeconds(60);
        TaskOutcome second = backup("rotating", null, 2);
        now = now.plusSeconds(60);
        TaskOutcome third = backup("rotating", null, 2);

        assertSucceeded(first);
        assertSucceeded(second);
        assertSucceeded(third);
        assertThat(third.result().get("deleted").get(0).textValue()).isEqualTo(fileOf(first).toString());
        assertThat(fileOf(first)).doesNotExist();
        assertThat(backupFolder()).containsExactly("other-20200101-000000-000.zip", "readme.txt",
                "rotating-20250102-030505-006.zip", "rotating-20250102-030605-006.zip");
        assertThat(unrelated).hasContent("not a backup");
        assertThat(otherTask).hasContent("other");
    }

    @Test
    void postgresqlBackup_isADumpThatPgRestoreLists() throws Exception {
        requireTool("pg_dump");
        requireTool("pg_restore");
        setUp(TestDatabase.POSTGRESQL);
        TestRun run = run("pg-nightly", new DbBackupTask(database.datasource(), dataDir.resolve("pg").toString(),
                0, null));

        TaskOutcome outcome = run.runWith(new DbBackupTaskExecutor(new ProcessExecutor()));

        assertSucceeded(outcome);
        Path file = fileOf(outcome);
        assertThat(file.getParent()).isEqualTo(dataDir.resolve("pg"));
        assertThat(file.getFileName().toString()).isEqualTo("pg-nightly-20250102-030405-006.dump");
        assertThat(outcome.result().get("sha256").textValue()).isEqualTo(sha256(file));
        assertThat(run.pids()).hasSize(1).allMatch(pid -> pid > 0);
        StringBuilder listing = new StringBuilder();
        ExecutionResult list = new ProcessExecutor().execute(new CommandSpec(List.of("pg_restore", "--list",
                file.toString()), null, Map.of(), Duration.ofSeconds(30), 1024 * 1024),
                (stream, text) -> listing.append(text), new CancellationToken());
        assertThat(list.exitCode()).isZero();
        assertThat(listing).contains("TABLE public " + table).contains("TABLE DATA public " + table);
    }

    @Test
    void postgresqlBackup_ofAMissingDatabase_failsAndLeavesNoFile() throws Exception {
        requireTool("pg_dump");
        setUp(TestDatabase.POSTGRESQL);
        datasources.update(List.of(new DatasourceDefinition("gone",
                "jdbc:postgresql://127.0.0.1:5432/no_such_database_for_it", "postgres", null, null),
                TestDatabase.POSTGRESQL.definition(dataDir)));
        TestRun run = run("gone", new DbBackupTask("gone", "backups", 0, null));

        TaskOutcome outcome = run.runWith(new DbBackupTaskExecutor(new ProcessExecutor()));

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.error()).contains("pg_dump").contains("exit code");
        assertThat(run.stderr()).contains("no_such_database_for_it");
        assertThat(backupFolder()).isEmpty();
    }

    @Test
    void mariadbBackup_isACompleteDumpHoldingTheTable() throws Exception {
        requireTool("mariadb-dump", "mysqldump");
        setUp(TestDatabase.MARIADB);

        TaskOutcome outcome = backup("maria", null, 0);

        assertSucceeded(outcome);
        Path file = fileOf(outcome);
        assertThat(file.getFileName().toString()).isEqualTo("maria-20250102-030405-006.sql");
        String dump = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(dump).contains("CREATE TABLE `" + table + "`").contains("second row");
        assertThat(dump.strip().lines().toList().getLast()).startsWith("-- Dump completed");
        assertThat(outcome.result().get("sizeBytes").longValue()).isEqualTo(Files.size(file));
        assertThat(outcome.result().get("sha256").textValue()).isEqualTo(sha256(file));
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
