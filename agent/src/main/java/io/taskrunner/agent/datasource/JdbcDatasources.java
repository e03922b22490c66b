package io.taskrunner.agent.datasource;

import io.taskrunner.agent.task.Datasources;
import io.taskrunner.agent.task.TaskException;
import io.taskrunner.protocol.definition.DatasourceDefinition;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * The agent's datasources, opened through {@link DriverManager}. Passwords are resolved from their reference on
 * every {@link #open}, never kept. Thread-safe: {@link #update} swaps the whole set at once, so a run sees either
 * the old or the new definitions.
 */
public final class JdbcDatasources implements Datasources {
    /** How long opening a connection may take, as each driver's own login or connect timeout. */
    static final int LOGIN_TIMEOUT_SECONDS = 15;

    private final SecretResolver secrets;
    private volatile Map<String, DatasourceDefinition> definitions = Map.of();

    public JdbcDatasources(SecretResolver secrets) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
    }

    /** Replaces the known definitions; the engine calls it whenever they change. A later duplicate name wins. */
    public void update(List<DatasourceDefinition> newDefinitions) {
        Map<String, DatasourceDefinition> byName = new LinkedHashMap<>();
        newDefinitions.forEach(definition -> byName.put(definition.name(), definition));
        definitions = Map.copyOf(byName);
    }

    @Override
    public Optional<DatasourceDefinition> definition(String name) {
        return Optional.ofNullable(definitions.get(name));
    }

    @Override
    public Optional<String> password(String name) {
        DatasourceDefinition definition = require(name);
        return definition.passwordRef() == null ? Optional.empty()
                : Optional.of(secrets.resolve(definition.passwordRef()));
    }

    @Override
    public Connection open(String name) {
        DatasourceDefinition definition = require(name);
        JdbcDialect dialect = JdbcDialect.of(definition.jdbcUrl())
                .orElseThrow(() -> new TaskException("datasource '" + name + "' has an unsupported JDBC URL; "
                        + "supported are " + JdbcDialect.supportedPrefixes()));
        String password = password(name).orElse(null);
        Properties properties = new Properties();
        properties.putAll(dialect.loginTimeoutProperties(LOGIN_TIMEOUT_SECONDS));
        properties.putAll(definition.properties());
        if (definition.user() != null) {
            properties.setProperty("user", definition.user());
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        try {
            return DriverManager.getConnection(dialect.driverUrl(definition.jdbcUrl()), properties);
        } catch (SQLException e) {
            String text = redact(e.getMessage(), password);
            String message = "cannot connect to datasource '" + name + "': " + text
                    + (e.getSQLState() == null ? "" : " (SQLState " + e.getSQLState() + ")");
            // The cause is logged with its own message: drop it when the database echoed the password there.
            throw text.equals(e.getMessage()) ? new TaskException(message, e) : new TaskException(message);
        }
    }

    private DatasourceDefinition require(String name) {
        Map<String, DatasourceDefinition> current = definitions;
        DatasourceDefinition definition = current.get(name);
        if (definition == null) {
            throw new TaskException("no datasource named '" + name + "'; known: "
                    + current.keySet().stream().sorted().toList());
        }
        return definition;
    }

    /** The message with every occurrence of the password masked; a database may echo what it was given. */
    static String redact(String message, String password) {
        if (message == null) {
            return "no message from the driver";
        }
        if (password == null || password.isEmpty()) {
            return message;
        }
        return message.replace(password, "***");
    }
}
