package io.taskrunner.agent.task.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.agent.datasource.JdbcDatasources;
import io.taskrunner.agent.datasource.SecretResolver;
import io.taskrunner.agent.executor.ProcessExecutor;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.agent.task.TestRun;
import io.taskrunner.protocol.definition.DatasourceDefinition;
import io.taskrunner.protocol.definition.DbBackupTask;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.definition.TaskType;
import io.taskrunner.protocol.message.RunState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the executor decides before any backup runs; the backups themselves are covered by {@code DbBackupIT}. */
class DbBackupTaskExecutorTest {

    @TempDir
    Path dataDir;

    private TaskOutcome run(String datasourceUrl, String format, Map<String, String> env) {
        JdbcDatasources datasources = new JdbcDatasources(new SecretResolver(dataDir.resolve("secrets.json"),
                Map.of()));
        datasources.update(List.of(new DatasourceDefinition("db", datasourceUrl, "user", null, null)));
        TaskDefinition task = new TaskDefinition("backup", null, null, 0, null, null, null, env, 0, null,
                new DbBackupTask("db", "backups", 0, format));
        return TestRun.of(task).services(new TestRun.Services(datasources, null, dataDir))
                .runWith(new DbBackupTaskExecutor(new ProcessExecutor()));
    }

    @Test
    void types_isDbBackup() {
        assertThat(new DbBackupTaskExecutor(new ProcessExecutor()).types()).containsExactly(TaskType.DB_BACKUP);
    }

    @Test
    void execute_whenPgDumpIsNotOnThePath_isUnsupportedAndCreatesNothing() throws Exception {
        Path emptyBin = Files.createDirectory(dataDir.resolve("bin"));

        TaskOutcome outcome = run("jdbc:postgresql://127.0.0.1:5432/test", null, Map.of("PATH", emptyBin.toString()));

        assertThat(outcome.state()).isEqualTo(RunState.REJECTED);
        assertThat(outcome.error()).isEqualTo(TaskOutcome.UNSUPPORTED + "pg_dump not found on PATH");
        assertThat(dataDir.resolve("backups")).doesNotExist();
    }

    @Test
    void execute_whenNoMysqlDumpIsOnThePath_namesBothTools() throws Exception {
        Path emptyBin = Files.createDirectory(dataDir.resolve("bin"));

        TaskOutcome outcome = run("jdbc:mariadb://127.0.0.1/test", null, Map.of("PATH", emptyBin.toString()));

        assertThat(outcome.error()).isEqualTo(TaskOutcome.UNSUPPORTED + "mariadb-dump or mysqldump not found on PATH");
    }

    @Test
    void execute_whenSqlcmdIsNotOnThePath_isUnsupported() throws Exception {
        Path emptyBin = Files.createDirectory(dataDir.resolve("bin"));

        TaskOutcome outcome = run("jdbc:sqlserver://sql;databaseName=erp", null, Map.of("PATH", emptyBin.toString()));

        assertThat(outcome.error()).isEqualTo(TaskOutcome.UNSUPPORTED + "sqlcmd not found on PATH");
    }

    @Test
    void execute_whenTheDatabaseKindHasNoBackupTool_isUnsupported() {
        TaskOutcome outcome = run("jdbc:oracle:thin:@h:1521/db", null, null);

        assertThat(outcome.state()).isEqualTo(RunState.REJECTED);
        assertThat(outcome.error()).contains("datasource 'db'");
    }

    @Test
    void execute_whenTheH2FormatIsUnknown_failsNamingTheKnownOnes() {
        TaskOutcome outcome = run("jdbc:h2:" + dataDir.resolve("db"), "tar", null);

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.error()).contains("'tar'").contains("zip").contains("script");
    }

    @Test
    void execute_whenAFormatIsGivenForAnotherDatabase_fails() {
        TaskOutcome outcome = run("jdbc:postgresql://h/db", "script", null);

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.error()).contains("H2 datasources only");
    }

    @Test
    void execute_whenTheDatasourceIsUnknown_failsNamingIt() {
        TaskDefinition task = TaskDefinition.of("backup", new DbBackupTask("missing", "backups", 0, null));

        TaskOutcome outcome = TestRun.of(task).services(new TestRun.Services(null, null, dataDir))
                .runWith(new DbBackupTaskExecutor(new ProcessExecutor()));

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.error()).contains("'missing'");
    }
}
