package io.taskrunner.agent.datasource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.agent.task.TaskException;
import io.taskrunner.protocol.definition.DatasourceDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connects to in-memory H2 databases, which live inside this JVM. */
class JdbcDatasourcesTest {

    @TempDir
    Path dir;

    private final String memoryUrl = "jdbc:h2:mem:ds-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    private JdbcDatasources datasources(Map<String, String> environment, DatasourceDefinition... definitions) {
        JdbcDatasources datasources = new JdbcDatasources(new SecretResolver(dir.resolve("secrets.json"),
                environment));
        datasources.update(List.of(definitions));
        return datasources;
    }

    @Test
    void open_connectsWithTheUserAndTheResolvedPassword() throws Exception {
        // The first connection to an in-memory H2 database creates it with these credentials.
        JdbcDatasources datasources = datasources(Map.of("PW", "right"),
                new DatasourceDefinition("main", memoryUrl, "admin", "env:PW", null));

        try (Connection connection = datasources.open("main");
                ResultSet user = connection.createStatement().executeQuery("SELECT CURRENT_USER")) {
            user.next();
            assertThat(user.getString(1)).isEqualToIgnoringCase("admin");
        }
    }

    @Test
    void open_passesTheDefinitionsProperties() throws Exception {
        JdbcDatasources datasources = datasources(Map.of(),
                new DatasourceDefinition("main", memoryUrl, "sa", null, Map.of("MODE", "PostgreSQL")));

        try (Connection connection = datasources.open("main");
                ResultSet mode = connection.createStatement().executeQuery(
                        "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'MODE'")) {
            mode.next();
            assertThat(mode.getString(1)).isEqualTo("PostgreSQL");
        }
    }

    @Test
    void open_whenTheNameIsUnknown_failsNamingItAndTheKnownOnes() {
        JdbcDatasources datasources = datasources(Map.of(),
                new DatasourceDefinition("b", memoryUrl, null, null, null),
                new DatasourceDefinition("a", memoryUrl, null, null, null));

        assertThatThrownBy(() -> datasources.open("missing"))
                .isInstanceOf(TaskException.class)
                .hasMessage("no datasource named 'missing'; known: [a, b]");
    }

    @Test
    void open_whenThePasswordIsWrong_failsNamingTheDatasourceButNotThePassword() throws Exception {
        Path database = dir.resolve("db");
        String url = "jdbc:h2:" + database;
        datasources(Map.of("PW", "right"), new DatasourceDefinition("main", url, "sa", "env:PW", null))
                .open("main").close();
        JdbcDatasources wrong = datasources(Map.of("PW", "wrong-Pa55word"),
                new DatasourceDefinition("main", url, "sa", "env:PW", null));

        assertThatThrownBy(() -> wrong.open("main"))
                .isInstanceOf(TaskException.class)
                .hasMessageStartingWith("cannot connect to datasource 'main': ")
                .hasMessageContaining("28000")
                .hasMessageNotContaining("wrong-Pa55word");
    }

    @Test
    void open_whenThePasswordReferenceCannotBeResolved_failsNamingTheReference() {
        JdbcDatasources datasources = datasources(Map.of(),
                new DatasourceDefinition("main", memoryUrl, "sa", "env:MISSING_PW", null));

        assertThatThrownBy(() -> datasources.open("main"))
                .isInstanceOf(TaskException.class)
                .hasMessageContaining("env:MISSING_PW");
    }

    @Test
    void open_whenTheUrlIsOfAnUnsupportedDatabase_listsTheSupportedPrefixes() {
        JdbcDatasources datasources = datasources(Map.of(),
                new DatasourceDefinition("ora", "jdbc:oracle:thin:@host:1521/db", null, null, null));

        assertThatThrownBy(() -> datasources.open("ora"))
                .isInstanceOf(TaskException.class)
                .hasMessageContaining("datasource 'ora'")
                .hasMessageContaining("jdbc:h2:, jdbc:postgresql:, jdbc:mariadb:, jdbc:mysql:, jdbc:sqlserver:");
    }

    @Test
    void update_replacesTheKnownDefinitions() {
        JdbcDatasources datasources = datasources(Map.of(), new DatasourceDefinition("old", memoryUrl, null, null,
                null));

        datasources.update(List.of(new DatasourceDefinition("new", memoryUrl, null, null, null)));

        assertThat(datasources.definition("old")).isEmpty();
        assertThat(datasources.definition("new")).isPresent();
    }

    @Test
    void password_resolvesTheReferenceOrIsEmptyWithoutOne() throws Exception {
        Files.writeString(dir.resolve("secrets.json"), "{\"db\": \"from-secrets\"}");
        JdbcDatasources datasources = datasources(Map.of(),
                new DatasourceDefinition("with", memoryUrl, null, "secret:db", null),
                new DatasourceDefinition("without", memoryUrl, null, null, null));

        assertThat(datasources.password("with")).contains("from-secrets");
        assertThat(datasources.password("without")).isEmpty();
    }

    @Test
    void redact_masksEveryEchoOfThePassword() {
        assertThat(JdbcDatasources.redact("bad login sa/hunter2 (hunter2)", "hunter2"))
                .isEqualTo("bad login sa/*** (***)");
        assertThat(JdbcDatasources.redact("no password given", "")).isEqualTo("no password given");
        assertThat(JdbcDatasources.redact(null, "x")).isEqualTo("no message from the driver");
    }

    @Test
    void driverUrl_letsTheMariaDbDriverTakeMysqlUrls() {
        assertThat(JdbcDialect.MYSQL.driverUrl("jdbc:mysql://h/db")).isEqualTo("jdbc:mysql://h/db?permitMysqlScheme");
        assertThat(JdbcDialect.MYSQL.driverUrl("jdbc:mysql://h/db?a=b"))
                .isEqualTo("jdbc:mysql://h/db?a=b&permitMysqlScheme");
        assertThat(JdbcDialect.MYSQL.driverUrl("jdbc:mysql://h/db?permitMysqlScheme"))
                .isEqualTo("jdbc:mysql://h/db?permitMysqlScheme");
        assertThat(JdbcDialect.MARIADB.driverUrl("jdbc:mariadb://h/db")).isEqualTo("jdbc:mariadb://h/db");
    }

    @Test
    void loginTimeoutProperties_boundEveryNetworkDriver() {
        assertThat(JdbcDialect.POSTGRESQL.loginTimeoutProperties(15)).containsEntry("loginTimeout", "15");
        assertThat(JdbcDialect.MARIADB.loginTimeoutProperties(15)).containsEntry("connectTimeout", "15000");
        assertThat(JdbcDialect.MYSQL.loginTimeoutProperties(15)).containsEntry("connectTimeout", "15000");
        assertThat(JdbcDialect.SQLSERVER.loginTimeoutProperties(15)).containsEntry("loginTimeout", "15");
    }
}
