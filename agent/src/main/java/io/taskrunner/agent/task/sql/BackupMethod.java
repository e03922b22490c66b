package io.taskrunner.agent.task.sql;

import io.taskrunner.agent.task.TaskException;
import io.taskrunner.protocol.definition.DatasourceDefinition;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How a datasource is backed up, chosen by its JDBC URL and the task's {@code format}.
 *
 * @param address where the server listens; null for H2, which backs up over its JDBC connection
 * @param tools   the programs that can take the backup, any one of them will do; empty for H2
 */
record BackupMethod(Kind kind, String extension, DatabaseAddress address, List<String> tools) {

    enum Kind { H2_BACKUP, H2_SCRIPT, PG_DUMP, MYSQL_DUMP, SQLCMD }

    BackupMethod {
        tools = List.copyOf(tools);
    }

    /**
     * @return empty when the agent cannot back up this kind of database
     * @throws TaskException if the format does not fit the database or the URL cannot be read
     */
    static Optional<BackupMethod> of(DatasourceDefinition datasource, String format) {
        String url = datasource.jdbcUrl();
        String wanted = format == null ? null : format.toLowerCase(Locale.ROOT);
        if (url.startsWith("jdbc:h2:")) {
            if (wanted == null || wanted.equals("zip")) {
                return Optional.of(new BackupMethod(Kind.H2_BACKUP, "zip", null, List.of()));
            }
            if (wanted.equals("script")) {
                return Optional.of(new BackupMethod(Kind.H2_SCRIPT, "sql", null, List.of()));
            }
            throw new TaskException("format '" + format + "' is not one of H2's: zip (the default) or script");
        }
        boolean postgresql = url.startsWith("jdbc:postgresql:");
        boolean mariadb = url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:");
        boolean sqlserver = url.startsWith("jdbc:sqlserver:");
        if (!postgresql && !mariadb && !sqlserver) {
            return Optional.empty();
        }
        if (wanted != null) {
            throw new TaskException("format '" + format + "' applies to H2 datasources only; datasource '"
                    + datasource.name() + "' is backed up in its tool's own format");
        }
        if (postgresql) {
            return Optional.of(new BackupMethod(Kind.PG_DUMP, "dump", DatabaseAddress.postgresql(url),
                    List.of("pg_dump")));
        }
        if (mariadb) {
            return Optional.of(new BackupMethod(Kind.MYSQL_DUMP, "sql", DatabaseAddress.mariadb(url),
                    List.of("mariadb-dump", "mysqldump")));
        }
        return Optional.of(new BackupMethod(Kind.SQLCMD, "bak", DatabaseAddress.sqlserver(url), List.of("sqlcmd")));
    }
}
