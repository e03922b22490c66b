package io.taskrunner.agent.task.sql;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskrunner.agent.executor.CommandSpec;
import io.taskrunner.agent.executor.ExecutionFailedException;
import io.taskrunner.agent.executor.ExecutionResult;
import io.taskrunner.agent.executor.OutputListener;
import io.taskrunner.agent.executor.OutputStreamKind;
import io.taskrunner.agent.executor.ProcessExecutor;
import io.taskrunner.agent.task.Interpreters;
import io.taskrunner.agent.task.TaskContext;
import io.taskrunner.agent.task.TaskException;
import io.taskrunner.agent.task.TaskExecutor;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.agent.task.sql.BackupMethod.Kind;
import io.taskrunner.protocol.definition.DatasourceDefinition;
import io.taskrunner.protocol.definition.DbBackupTask;
import io.taskrunner.protocol.definition.TaskType;
import io.taskrunner.protocol.message.RunState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link DbBackupTask} with the database's own tool: H2 {@code BACKUP}/{@code SCRIPT} over JDBC,
 * {@code pg_dump}, {@code mariadb-dump}/{@code mysqldump}, or {@code sqlcmd}. The backup is written to a
 * {@code .part} file, checked, and only then renamed, so a failed backup leaves nothing behind. Then only the
 * {@code keep} newest backups of the task stay in the folder. Tools get their password through the environment,
 * never on the command line.
 *
 * <p>Result: {@code {"file": path, "sizeBytes": n, "sha256": hex, "deleted": [paths]}}. A tool missing from
 * {@code PATH} (the task's {@code env} may set its own) makes the run unsupported.
 */
public final class DbBackupTaskExecutor implements TaskExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(DbBackupTaskExecutor.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final long VERIFY_OUTPUT_LIMIT = 64 * 1024;

    private final ProcessExecutor processes;

    public DbBackupTaskExecutor(ProcessExecutor processes) {
        this.processes = Objects.requireNonNull(processes, "processes");
    }

    @Override
    public Set<TaskType> types() {
        return Set.of(TaskType.DB_BACKUP);
    }

    @Override
    public TaskOutcome execute(TaskContext context) {
        try {
            return backup(context, System.nanoTime());
        } catch (TaskException e) {
            print(context, OutputStreamKind.STDERR, e.getMessage());
            return TaskOutcome.failed(e.getMessage());
        }
    }

    private TaskOutcome backup(TaskContext context, long startNanos) {
        DbBackupTask spec = context.spec(DbBackupTask.class);
        DatasourceDefinition datasource = context.services().datasources().definition(spec.datasource())
                .orElseThrow(() -> new TaskException("no datasource named '" + spec.datasource() + "'"));
        Optional<BackupMethod> found = BackupMethod.of(datasource, spec.format());
        if (found.isEmpty()) {
            return TaskOutcome.unsupported("backups of datasource '" + datasource.name() + "': only H2,"
                    + " PostgreSQL, MariaDB/MySQL and SQL Server datasources can be backed up");
        }
        BackupMethod method = found.get();
        Interpreters programs = new Interpreters(context.environment().getOrDefault("PATH", System.getenv("PATH")),
                System.getenv("PATHEXT"), Interpreters.system().windows());
        Optional<Path> tool = programs.findFirst(method.tools());
        Optional<Path> pgRestore = programs.find("pg_restore");
        if (!method.tools().isEmpty() && tool.isEmpty()) {
            return TaskOutcome.unsupported(String.join(" or ", method.tools()) + " not found on PATH");
        }
        if (method.kind() == Kind.PG_DUMP && pgRestore.isEmpty()) {
            return TaskOutcome.unsupported("pg_restore (to check the dump) not found on PATH");
        }
        if (context.cancel().isCancelled()) {
            return TaskOutcome.cancelled();
        }
        Path folder = folder(context, spec);
        Path file = BackupFiles.newFile(folder, context.task().name(), context.services().clock().instant(),
                method.extension());
        Path part = BackupFiles.partOf(file);
        if (Files.exists(file) || Files.exists(part)) {
            throw new TaskException("backup " + file + " already exists; is another run of task '"
                    + context.task().name() + "' writing it?");
        }
        try {
            TaskOutcome stopped = switch (method.kind()) {
                case H2_BACKUP, H2_SCRIPT -> backupH2(context, spec, method, part);
                case PG_DUMP, MYSQL_DUMP, SQLCMD -> backupWithTool(context, datasource, method, tool.orElseThrow(),
                        part, startNanos);
            };
            if (stopped == null && method.kind() == Kind.PG_DUMP) {
                stopped = verifyPgDump(context, pgRestore.orElseThrow(), part, startNanos);
            }
            if (stopped != null) {
                return stopped;
            }
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new TaskException("cannot rename " + part + " to " + file + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(part);
        }
        return finish(context, spec, folder, file);
    }

    private static TaskOutcome finish(TaskContext context, DbBackupTask spec, Path folder, Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new TaskException("cannot read the size of " + file + ": " + e.getMessage(), e);
        }
        String sha256 = BackupFiles.sha256(file);
        List<Path> deleted = BackupFiles.keepNewest(folder, context.task().name(), spec.keep());
        print(context, OutputStreamKind.STDOUT, "backup " + file + ": " + size + " bytes, SHA-256 " + sha256);
        deleted.forEach(old -> print(context, OutputStreamKind.STDOUT, "deleted old backup " + old));
        ObjectNode result = JSON.objectNode();
        result.put("file", file.toString());
        result.put("sizeBytes", size);
        result.put("sha256", sha256);
        result.set("deleted", JSON.arrayNode().addAll(deleted.stream()
                .map(old -> JSON.textNode(old.toString())).toList()));
        return TaskOutcome.succeeded(result);
    }

    /** H2 writes the backup itself; the path is the agent's own, with quotes doubled for the SQL literal. */
    private static TaskOutcome backupH2(TaskContext context, DbBackupTask spec, BackupMethod method, Path part) {
        String sql = (method.kind() == Kind.H2_BACKUP ? "BACKUP TO '" : "SCRIPT TO '")
                + part.toString().replace("'", "''") + "'";
        try (StatementGuard guard = new StatementGuard(context.runId().toString(), context.timeout(),
                context.cancel());
                Connection connection = context.services().datasources().open(spec.datasource());
                Statement statement = connection.createStatement()) {
            context.started(0);
            if (!guard.begin(statement)) {
                return guard.stopOutcome().orElseThrow();
            }
            try {
                statement.execute(sql);
            } catch (SQLException e) {
                return guard.stopOutcome(e).orElseThrow(() -> new TaskException("H2 could not write " + part + ": "
                        + SqlTaskExecutor.describe(e), e));
            } finally {
                guard.end();
            }
            Optional<TaskOutcome> stopped = guard.stopOutcome();
            if (stopped.isPresent()) {
                return stopped.get();
            }
        } catch (SQLException e) {
            throw new TaskException("datasource '" + spec.datasource() + "': " + SqlTaskExecutor.describe(e), e);
        }
        if (method.kind() == Kind.H2_BACKUP) {
            BackupFiles.verifyZip(part);
        } else {
            BackupFiles.verifyScript(part);
        }
        return null;
    }

    /** Runs the tool and checks what it wrote (except a pg_dump file, which pg_restore checks); null when done. */
    private TaskOutcome backupWithTool(TaskContext context, DatasourceDefinition datasource, BackupMethod method,
            Path tool, Path part, long startNanos) {
        DatabaseAddress address = method.address();
        String user = Optional.ofNullable(datasource.user())
                .or(() -> Optional.ofNullable(datasource.properties().get("user")))
                .or(() -> Optional.ofNullable(address.properties().get("user")))
                .or(() -> Optional.ofNullable(address.properties().get("userName")))
                .orElse(null);
        Optional<String> password = context.services().datasources().password(datasource.name())
                .or(() -> Optional.ofNullable(datasource.properties().get("password")))
                .or(() -> Optional.ofNullable(address.properties().get("password")));
        String program = tool.toString();
        Map<String, String> environment = new HashMap<>(context.environment());
        List<String> argv = switch (method.kind()) {
            case PG_DUMP -> {
                password.ifPresent(value -> environment.put(BackupCommands.PG_PASSWORD, value));
                yield BackupCommands.pgDump(program, address, user, part);
            }
            case MYSQL_DUMP -> {
                password.ifPresent(value -> environment.put(BackupCommands.MYSQL_PASSWORD, value));
                yield BackupCommands.mysqlDump(program, address, user, part);
            }
            case SQLCMD -> {
                password.ifPresent(value -> environment.put(BackupCommands.SQLCMD_PASSWORD, value));
                yield BackupCommands.sqlcmd(program, address, user, part);
            }
            case H2_BACKUP, H2_SCRIPT -> throw new IllegalArgumentException("H2 needs no tool");
        };
        TaskOutcome stopped = run(context, argv, environment, startNanos, context::started, context.output(),
                context.outputLimitBytes());
        if (stopped != null) {
            return stopped;
        }
        if (method.kind() == Kind.MYSQL_DUMP) {
            BackupFiles.verifyMysqlDump(part);
        } else if (method.kind() == Kind.SQLCMD) {
            if (!Files.exists(part)) {
                throw new TaskException("sqlcmd reported success but " + part + " is not on this machine; SQL"
                        + " Server writes a backup on its own host, so the folder must be one both can reach");
            }
            BackupFiles.verifyNotEmpty(part);
        }
        return null;
    }

    private TaskOutcome verifyPgDump(TaskContext context, Path pgRestore, Path part, long startNanos) {
        StringBuilder errors = new StringBuilder();
        OutputListener collect = (stream, text) -> {
            if (stream == OutputStreamKind.STDERR && errors.length() < 4096) {
                errors.append(text);
            }
        };
        TaskOutcome stopped = run(context, BackupCommands.pgRestoreList(pgRestore.toString(), part),
                context.environment(), startNanos, pid -> { }, collect, VERIFY_OUTPUT_LIMIT);
        if (stopped != null && stopped.state() == RunState.FAILED) {
            throw new TaskException("pg_restore --list rejects " + part + " (exit code " + stopped.exitCode()
                    + "): " + errors.toString().strip());
        }
        return stopped;
    }

    /** Runs a program within what is left of the attempt's time; null when it succeeded, else the outcome. */
    private TaskOutcome run(TaskContext context, List<String> argv, Map<String, String> environment,
            long startNanos, LongConsumer onStarted, OutputListener output, long outputLimit) {
        long remainingNanos = context.timeout().toNanos() - (System.nanoTime() - startNanos);
        if (remainingNanos <= 0) {
            return TaskOutcome.timedOut(context.timeout());
        }
        CommandSpec command = new CommandSpec(argv, null, environment, Duration.ofNanos(remainingNanos),
                outputLimit);
        ExecutionResult result;
        try {
            result = processes.execute(command, onStarted, output, context.cancel());
        } catch (ExecutionFailedException e) {
            throw new TaskException(e.getMessage(), e);
        }
        if (result.succeeded()) {
            return null;
        }
        TaskOutcome outcome = TaskOutcome.ofProcess(result, context.timeout(), null);
        if (outcome.state() != RunState.FAILED) {
            return outcome;
        }
        return new TaskOutcome(RunState.FAILED, result.exitCode(), null, command.program() + " failed with exit"
                + " code " + result.exitCode() + "; see its output", result.outputBytes(), result.outputTruncated());
    }

    private static Path folder(TaskContext context, DbBackupTask spec) {
        Path folder = Path.of(spec.folder());
        if (!folder.isAbsolute()) {
            folder = context.services().dataDir().resolve(folder);
        }
        folder = folder.toAbsolutePath().normalize();
        try {
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new TaskException("cannot create the backup folder " + folder + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not delete the unfinished backup {}: {}", file, e.toString());
        }
    }

    private static void print(TaskContext context, OutputStreamKind stream, String line) {
        context.output().onOutput(stream, line + "\n");
    }
}
