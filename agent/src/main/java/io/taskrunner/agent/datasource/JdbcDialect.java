package io.taskrunner.agent.datasource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The databases the agent has drivers for, told apart by the JDBC URL's prefix. */
enum JdbcDialect {
    H2("jdbc:h2:"),
    POSTGRESQL("jdbc:postgresql:"),
    MARIADB("jdbc:mariadb:"),
    MYSQL("jdbc:mysql:"),
    SQLSERVER("jdbc:sqlserver:");

    /** The MariaDB driver takes {@code jdbc:mysql:} URLs only when they carry this option. */
    static final String PERMIT_MYSQL_SCHEME = "permitMysqlScheme";

    private final String prefix;

    JdbcDialect(String prefix) {
        this.prefix = prefix;
    }

    static Optional<JdbcDialect> of(String jdbcUrl) {
        return Arrays.stream(values()).filter(dialect -> jdbcUrl.startsWith(dialect.prefix)).findFirst();
    }

    static List<String> supportedPrefixes() {
        return Arrays.stream(values()).map(dialect -> dialect.prefix).toList();
    }

    /** The URL as the driver needs it. */
    String driverUrl(String jdbcUrl) {
        if (this != MYSQL || jdbcUrl.contains(PERMIT_MYSQL_SCHEME)) {
            return jdbcUrl;
        }
        return jdbcUrl + (jdbcUrl.indexOf('?') >= 0 ? "&" : "?") + PERMIT_MYSQL_SCHEME;
    }

    /** Driver properties that bound how long opening a connection may take; the definition's own ones win. */
    Map<String, String> loginTimeoutProperties(int seconds) {
        return switch (this) {
            // Embedded or TCP, H2 has no login timeout setting.
            case H2 -> Map.of();
            case POSTGRESQL -> Map.of("loginTimeout", String.valueOf(seconds), "connectTimeout",
                    String.valueOf(seconds));
            case MARIADB, MYSQL -> Map.of("connectTimeout", String.valueOf(seconds * 1000));
            case SQLSERVER -> Map.of("loginTimeout", String.valueOf(seconds));
        };
    }
}
