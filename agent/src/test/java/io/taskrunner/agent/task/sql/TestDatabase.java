package io.taskrunner.agent.task.sql;

import static org.assertj.core.api.Assertions.fail;

import io.taskrunner.agent.datasource.JdbcDatasources;
import io.taskrunner.agent.datasource.SecretResolver;
import io.taskrunner.protocol.definition.DatasourceDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The real databases the ITs run against: an H2 file database in a temporary folder, and the PostgreSQL and
 * MariaDB servers of the machine. A server that cannot be reached fails the test with what it needs.
 */
enum TestDatabase {
    H2("h2", null),
    POSTGRESQL("pg", "PostgreSQL at 127.0.0.1:5432 (database test, user postgres, trust authentication)"),
    MARIADB("maria", "MariaDB at 127.0.0.1:3306 (database test, user root, empty password)");

    /** What {@code secret:NAME} references resolve to in the ITs; trust authentication ignores it. */
    static final String SECRET = "{\"pg\": \"ignored-under-trust\"}";

    private final String datasource;
    private final String server;

    TestDatabase(String datasource, String server) {
        this.datasource = datasource;
        this.server = server;
    }

    String datasource() {
        return datasource;
    }

    DatasourceDefinition definition(Path dir) {
        return switch (this) {
            // Lower-case names make H2's column labels look like the other databases'.
            case H2 -> new DatasourceDefinition(datasource, "jdbc:h2:" + dir.resolve("h2db").toAbsolutePath()
                    + ";DATABASE_TO_LOWER=TRUE", "sa", null, null);
            case POSTGRESQL -> new DatasourceDefinition(datasource, "jdbc:postgresql://127.0.0.1:5432/test",
                    "postgres", "secret:pg", null);
            case MARIADB -> new DatasourceDefinition(datasource, "jdbc:mariadb://127.0.0.1:3306/test", "root",
                    null, null);
        };
    }

    /** Datasources holding this database's definition, secrets in {@code dir}; fails when it is unreachable. */
    JdbcDatasources datasources(Path dir) throws Exception {
        Files.writeString(dir.resolve("secrets.json"), SECRET);
        JdbcDatasources datasources = new JdbcDatasources(new SecretResolver(dir.resolve("secrets.json"), Map.of()));
        datasources.update(List.of(definition(dir)));
        try {
            datasources.open(datasource).close();
        } catch (RuntimeException e) {
            fail("these tests need " + server + ", which is not reachable: " + e.getMessage(), e);
        }
        return datasources;
    }

    /** A name no other test uses, so tests can share a server. */
    static String uniqueTable() {
        return "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /** A query that runs far longer than any test waits, holding {@code marker} in its text. */
    String longQuery(String marker) {
        return switch (this) {
            case H2 -> "SELECT COUNT(*), '" + marker + "' AS marker FROM SYSTEM_RANGE(1, 1000000) a,"
                    + " SYSTEM_RANGE(1, 1000000) b WHERE a.\"X\" + b.\"X\" = -1";
            case POSTGRESQL -> "SELECT pg_sleep(60), '" + marker + "' AS marker";
            case MARIADB -> "SELECT SLEEP(60), '" + marker + "' AS marker";
        };
    }

    /** Whether a statement holding {@code marker} is running in another session. */
    boolean isRunning(JdbcDatasources datasources, String marker) throws SQLException {
        String sql = switch (this) {
            case H2 -> "SELECT COUNT(*) FROM information_schema.sessions WHERE executing_statement LIKE ?"
                    + " AND session_id <> SESSION_ID()";
            case POSTGRESQL -> "SELECT COUNT(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE ?"
                    + " AND pid <> pg_backend_pid()";
            case MARIADB -> "SELECT COUNT(*) FROM information_schema.processlist WHERE info LIKE ?"
                    + " AND id <> CONNECTION_ID()";
        };
        try (Connection connection = datasources.open(datasource);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, "%" + marker + "%");
            try (ResultSet count = statement.executeQuery()) {
                count.next();
                return count.getLong(1) > 0;
            }
        }
    }

    static void execute(JdbcDatasources datasources, String datasource, String... statements) throws SQLException {
        try (Connection connection = datasources.open(datasource); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    static long count(JdbcDatasources datasources, String datasource, String query) throws SQLException {
        try (Connection connection = datasources.open(datasource); Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery(query)) {
            count.next();
            return count.getLong(1);
        }
    }
}
