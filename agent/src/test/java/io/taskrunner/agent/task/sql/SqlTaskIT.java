package io.taskrunner.agent.task.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskrunner.agent.datasource.JdbcDatasources;
import io.taskrunner.agent.datasource.SecretResolver;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.agent.task.TestRun;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.DatasourceDefinition;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.ParameterType;
import io.taskrunner.protocol.definition.SqlTask;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.message.RunState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs SQL tasks against real databases: an H2 file database, and the machine's PostgreSQL and MariaDB. */
class SqlTaskIT {
    private static final List<ParameterSpec> PARAMETERS = List.of(
            ParameterSpec.of("id", ParameterType.INT, false),
            ParameterSpec.of("name", ParameterType.STRING, false),
            ParameterSpec.of("price", ParameterType.NUMBER, false),
            ParameterSpec.of("active", ParameterType.BOOL, false));

    @TempDir
    Path dir;

    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    private JdbcDatasources datasources;
    private TestDatabase database;
    private String table;

    private void setUp(TestDatabase db) throws Exception {
        database = db;
        datasources = db.datasources(dir);
        table = TestDatabase.uniqueTable();
        TestDatabase.execute(datasources, db.datasource(),
                "CREATE TABLE " + table + " (id INT PRIMARY KEY, name VARCHAR(50), price DECIMAL(10,2),"
                        + " active BOOLEAN, created TIMESTAMP NULL)",
                "INSERT INTO " + table + " VALUES (1, 'apple', 1.50, TRUE, TIMESTAMP '2025-01-02 03:04:05')",
                "INSERT INTO " + table + " VALUES (2, 'banana', 0.25, FALSE, NULL)",
                "INSERT INTO " + table + " VALUES (3, 'cherry', 12.00, TRUE, NULL)",
                "INSERT INTO " + table + " VALUES (4, 'date', 3.10, FALSE, NULL)",
                "INSERT INTO " + table + " VALUES (5, 'elder', 7.77, TRUE, NULL)");
    }

    @AfterEach
    void dropTable() throws Exception {
        background.shutdownNow();
        if (table != null) {
            TestDatabase.execute(datasources, database.datasource(), "DROP TABLE IF EXISTS " + table);
        }
    }

    private TestRun run(int maxRows, String... statements) {
        TaskDefinition task = TaskDefinition.of("query", new SqlTask(database.datasource(), List.of(statements),
                maxRows)).withParameters(PARAMETERS);
        return TestRun.of(task).services(new TestRun.Services(datasources, null, dir));
    }

    private TestRun run(String... statements) {
        return run(0, statements);
    }

    private long count(String where) throws Exception {
        return TestDatabase.count(datasources, database.datasource(), "SELECT COUNT(*) FROM " + table + " " + where);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void select_withBoundParameters_returnsTheMatchingRowsAsJson(TestDatabase db) throws Exception {
        setUp(db);
        TestRun run = run("SELECT id, name, price, active, created FROM " + table
                + " WHERE id >= :id AND active = :active ORDER BY id").param("id", 1).param("active", true);

        TaskOutcome outcome = run.runWith(new SqlTaskExecutor());

        assertThat(outcome.state()).as(outcome.error()).isEqualTo(RunState.SUCCEEDED);
        JsonNode query = outcome.result().get("statements").get(0);
        assertThat(query.get("rowCount").intValue()).isEqualTo(3);
        assertThat(query.get("truncated").booleanValue()).isFalse();
        JsonNode first = query.get("rows").get(0);
        assertThat(first.get("id").intValue()).isEqualTo(1);
        assertThat(first.get("name").textValue()).isEqualTo("apple");
        assertThat(first.get("price").isNumber()).isTrue();
        assertThat(first.get("price").decimalValue()).isEqualByComparingTo("1.50");
        assertThat(first.get("active").booleanValue()).isTrue();
        assertThat(first.get("created").textValue()).isEqualTo("2025-01-02T03:04:05");
        assertThat(query.get("rows").get(1).get("created").isNull()).isTrue();
        assertThat(outcome.result().get("rows")).isEqualTo(query.get("rows"));
        assertThat(run.stdout()).contains("statements[0]: 3 rows in ").contains("committed");
        assertThat(run.pids()).containsExactly(0L);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void insertAndUpdate_reportTheirCountsAndAreCommitted(TestDatabase db) throws Exception {
        setUp(db);
        TestRun run = run("INSERT INTO " + table + " (id, name, price, active) VALUES (:id, :name, :price, :active)",
                "UPDATE " + table + " SET price = :price WHERE id > 3")
                .param("id", 10).param("name", "fig").param("price", 2.5).param("active", false);

        TaskOutcome outcome = run.runWith(new SqlTaskExecutor());

        assertThat(outcome.state()).as(outcome.error()).isEqualTo(RunState.SUCCEEDED);
        assertThat(outcome.result().get("statements").get(0).get("updateCount").intValue()).isEqualTo(1);
        assertThat(outcome.result().get("statements").get(1).get("updateCount").intValue()).isEqualTo(3);
        assertThat(outcome.result().get("rows")).isEmpty();
        assertThat(count("WHERE id = 10 AND name = 'fig' AND active = FALSE")).isEqualTo(1);
        assertThat(count("WHERE price = 2.5")).isEqualTo(3);
        assertThat(run.stdout()).contains("statements[0]: 1 row affected").contains("statements[1]: 3 rows affected");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void aFailingLaterStatement_rollsBackTheEarlierOnesAndNamesItsIndex(TestDatabase db) throws Exception {
        setUp(db);
        TestRun run = run("INSERT INTO " + table + " (id, name) VALUES (20, 'kept?')",
                "UPDATE " + table + " SET name = 'changed' WHERE id = 1",
                "INSERT INTO " + table + " (id, name) VALUES (1, 'duplicate key')");

        TaskOutcome outcome = run.runWith(new SqlTaskExecutor());

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.error()).startsWith("statements[2] failed: ").contains("SQLState 23");
        assertThat(count("WHERE id = 20")).isZero();
        assertThat(count("WHERE name = 'changed'")).isZero();
        assertThat(run.stderr()).contains("rolled back");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void aQueryWithMoreRowsThanMaxRows_isCutAndMarkedTruncated(TestDatabase db) throws Exception {
        setUp(db);

        TaskOutcome outcome = run(2, "SELECT id FROM " + table + " ORDER BY id").runWith(new SqlTaskExecutor());

        JsonNode query = outcome.result().get("statements").get(0);
        assertThat(query.get("rowCount").intValue()).isEqualTo(2);
        assertThat(query.get("truncated").booleanValue()).isTrue();
        assertThat(outcome.result().get("rows")).hasSize(2);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void injectionAttemptsInParameterValues_stayData(TestDatabase db) throws Exception {
        setUp(db);
        for (String attack : List.of("' OR 1=1 --", "'; DROP TABLE " + table + "; --", "x\" OR \"1\"=\"1")) {
            TaskOutcome outcome = run("SELECT id FROM " + table + " WHERE name = :name").param("name", attack)
                    .runWith(new SqlTaskExecutor());

            assertThat(outcome.state()).as(outcome.error()).isEqualTo(RunState.SUCCEEDED);
            assertThat(outcome.result().get("rows")).as(attack).isEmpty();
        }
        assertThat(count("")).isEqualTo(5);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void anAbsentOptionalParameter_isBoundAsNull(TestDatabase db) throws Exception {
        setUp(db);

        TaskOutcome outcome = run("SELECT COUNT(*) AS n FROM " + table + " WHERE :name IS NULL OR name = :name")
                .runWith(new SqlTaskExecutor());

        assertThat(outcome.state()).as(outcome.error()).isEqualTo(RunState.SUCCEEDED);
        assertThat(outcome.result().get("rows").get(0).get("n").intValue()).isEqualTo(5);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void aStatementRunningPastTheTimeout_isStoppedAndRolledBack(TestDatabase db) throws Exception {
        setUp(db);
        TestRun run = run("UPDATE " + table + " SET name = 'changed'", db.longQuery(TestDatabase.uniqueTable()))
                .timeout(Duration.ofSeconds(1));
        long start = System.nanoTime();

        TaskOutcome outcome = run.runWith(new SqlTaskExecutor());

        assertThat(outcome.state()).as(outcome.error()).isEqualTo(RunState.TIMED_OUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(count("WHERE name = 'changed'")).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void cancellingWhileAStatementRuns_stopsItAndRollsBack(TestDatabase db) throws Exception {
        setUp(db);
        String marker = TestDatabase.uniqueTable();
        TestRun run = run("UPDATE " + table + " SET name = 'changed'", db.longQuery(marker));
        CompletableFuture<TaskOutcome> outcome = CompletableFuture.supplyAsync(
                () -> run.runWith(new SqlTaskExecutor()), background);
        await().atMost(Duration.ofSeconds(10)).until(() -> db.isRunning(datasources, marker));

        run.cancel().cancel();

        await().atMost(Duration.ofSeconds(10)).until(outcome::isDone);
        assertThat(outcome.get().state()).as(outcome.get().error()).isEqualTo(RunState.CANCELLED);
        assertThat(count("WHERE name = 'changed'")).isZero();
    }

    @Test
    void anUnknownDatasource_failsNamingIt() throws Exception {
        datasources = TestDatabase.H2.datasources(dir);
        TaskDefinition task = TaskDefinition.of("query", new SqlTask("nope", List.of("SELECT 1"), 0));

        TaskOutcome outcome = TestRun.of(task).services(new TestRun.Services(datasources, null, dir))
                .runWith(new SqlTaskExecutor());

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.error()).isEqualTo("no datasource named 'nope'; known: [h2]");
    }

    @Test
    void aRefusedConnection_namesTheDatasourceAndTheDatabasesReasonButNotThePassword() throws Exception {
        Files.writeString(dir.resolve("secrets.json"), "{\"pw\": \"Sup3r-secret\"}");
        datasources = new JdbcDatasources(new SecretResolver(dir.resolve("secrets.json"), Map.of()));
        datasources.update(List.of(new DatasourceDefinition("pg", "jdbc:postgresql://127.0.0.1:5432/test",
                "no_such_role_for_it", "secret:pw", null)));
        TaskDefinition task = TaskDefinition.of("query", new SqlTask("pg", List.of("SELECT 1"), 0));

        TaskOutcome outcome = TestRun.of(task).services(new TestRun.Services(datasources, null, dir))
                .runWith(new SqlTaskExecutor());

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.error()).startsWith("cannot connect to datasource 'pg': ")
                .contains("no_such_role_for_it").doesNotContain("Sup3r-secret");
    }

    @Test
    void aMysqlUrl_isServedByTheMariaDbDriver() throws Exception {
        datasources = new JdbcDatasources(new SecretResolver(dir.resolve("secrets.json"), Map.of()));
        datasources.update(List.of(new DatasourceDefinition("my", "jdbc:mysql://127.0.0.1:3306/test", "root",
                null, null)));
        TaskDefinition task = TaskDefinition.of("query", new SqlTask("my", List.of("SELECT 1 + 1 AS two"), 0));

        TaskOutcome outcome = TestRun.of(task).services(new TestRun.Services(datasources, null, dir))
                .runWith(new SqlTaskExecutor());

        assertThat(outcome.state()).as(outcome.error()).isEqualTo(RunState.SUCCEEDED);
        assertThat(outcome.result().get("rows").get(0).get("two").intValue()).isEqualTo(2);
    }

    @Test
    void invalidParameterValues_areRefusedBeforeAnythingRunsNamingTheParameter() throws Exception {
        datasources = TestDatabase.H2.datasources(dir);
        TaskDefinition task = TaskDefinition.of("query", new SqlTask("h2", List.of("SELECT :id, :name"), 0))
                .withParameters(List.of(ParameterSpec.of("id", ParameterType.INT, false),
                        ParameterSpec.of("name", ParameterType.STRING, true)));

        assertThatThrownBy(() -> TestRun.of(task).param("id", "1 OR 1=1").param("name", "x").context())
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.field()).isEqualTo("parameters.id"));
        assertThatThrownBy(() -> TestRun.of(task).param("id", 1).context())
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.field()).isEqualTo("parameters.name"));
        assertThatThrownBy(() -> TestRun.of(task).param("name", "x").param("extra", 1).context())
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.field()).isEqualTo("parameters.extra"));
    }
}
