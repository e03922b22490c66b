package io.taskrunner.agent.task.sql;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command lines of the database backup tools. Passwords never appear here: each tool reads its password from
 * the environment variable named beside its command.
 */
final class BackupCommands {
    static final String PG_PASSWORD = "PGPASSWORD";
    static final String MYSQL_PASSWORD = "MYSQL_PWD";
    static final String SQLCMD_PASSWORD = "SQLCMDPASSWORD";

    private BackupCommands() {
    }

    /** {@code pg_dump} in its custom format, which {@code pg_restore} reads and checks. */
    static List<String> pgDump(String program, DatabaseAddress address, String user, Path file) {
        List<String> argv = new ArrayList<>(List.of(program, "--format=custom", "--no-password", "--file=" + file,
                "--host=" + address.host(), "--port=" + address.port()));
        if (user != null) {
            argv.add("--username=" + user);
        }
        argv.add("--dbname=" + address.database());
        return argv;
    }

    /** Lists a custom-format dump's contents; exits non-zero when the file is damaged. */
    static List<String> pgRestoreList(String program, Path file) {
        return List.of(program, "--list", file.toString());
    }

    /**
     * {@code mariadb-dump} or {@code mysqldump}, over TCP like the JDBC driver (for {@code localhost} they would
     * use the Unix socket otherwise).
     */
    static List<String> mysqlDump(String program, DatabaseAddress address, String user, Path file) {
        List<String> argv = new ArrayList<>(List.of(program, "--single-transaction", "--result-file=" + file,
                "--protocol=TCP", "--host=" + address.host(), "--port=" + address.port()));
        if (user != null) {
            argv.add("--user=" + user);
        }
        argv.add(address.database());
        return argv;
    }

    /**
     * {@code sqlcmd} running {@code BACKUP DATABASE}; {@code -b} makes a failed backup a non-zero exit code. Without
     * a user it signs in with the agent's Windows account ({@code -E}).
     */
    static List<String> sqlcmd(String program, DatabaseAddress address, String user, Path file) {
        List<String> argv = new ArrayList<>(List.of(program, "-S",
                address.port() > 0 ? address.host() + "," + address.port() : address.host()));
        if (user != null) {
            argv.addAll(List.of("-U", user));
        } else {
            argv.add("-E");
        }
        argv.addAll(List.of("-b", "-Q", "BACKUP DATABASE [" + address.database().replace("]", "]]")
                + "] TO DISK = N'" + file.toString().replace("'", "''") + "'"));
        return argv;
    }
}
