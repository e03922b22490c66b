package io.taskrunner.agent.task.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskrunner.agent.executor.OutputStreamKind;
import io.taskrunner.agent.task.TaskContext;
import io.taskrunner.agent.task.TaskException;
import io.taskrunner.agent.task.TaskExecutor;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.ParameterType;
import io.taskrunner.protocol.definition.SqlTask;
import io.taskrunner.protocol.definition.TaskType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link SqlTask}: its statements in order, in one transaction that is committed at the end and rolled back
 * on any failure, timeout or cancel. {@code :name} parameters are bound as typed values, never spliced into SQL.
 *
 * <p>Result: {@code {"statements": [{"rows": [...], "rowCount": n, "truncated": false} | {"updateCount": n}],
 * "rows": [...]}}, where the top-level {@code rows} are those of the last query (empty when no statement was a
 * query).
 */
public final class SqlTaskExecutor implements TaskExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(SqlTaskExecutor.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    public SqlTaskExecutor() {
        // Stateless: every attempt brings its connection through its context.
    }

    @Override
    public Set<TaskType> types() {
        return Set.of(TaskType.SQL);
    }

    @Override
    public TaskOutcome execute(TaskContext context) {
        SqlTask spec = context.spec(SqlTask.class);
        List<NamedParameters> statements;
        try {
            statements = parse(context, spec);
        } catch (TaskException e) {
            return TaskOutcome.failed(e.getMessage());
        }
        if (context.cancel().isCancelled()) {
            return TaskOutcome.cancelled();
        }
        try (StatementGuard guard = new StatementGuard(context.runId().toString(), context.timeout(),
                context.cancel())) {
            Connection connection;
            try {
                connection = context.services().datasources().open(spec.datasource());
            } catch (TaskException e) {
                print(context, OutputStreamKind.STDERR, e.getMessage());
                return TaskOutcome.failed(e.getMessage());
            }
            try {
                context.started(0);
                return runInTransaction(context, spec, statements, connection, guard);
            } finally {
                close(connection, spec);
            }
        }
    }

    private static List<NamedParameters> parse(TaskContext context, SqlTask spec) {
        List<String> declared = context.task().parameters().stream().map(ParameterSpec::name).toList();
        List<NamedParameters> parsed = new ArrayList<>();
        for (int i = 0; i < spec.statements().size(); i++) {
            try {
                parsed.add(NamedParameters.parse(spec.statements().get(i), declared));
            } catch (TaskException e) {
                throw new TaskException("statements[" + i + "]: " + e.getMessage(), e);
            }
        }
        return parsed;
    }

    private static TaskOutcome runInTransaction(TaskContext context, SqlTask spec, List<NamedParameters> statements,
            Connection connection, StatementGuard guard) {
        Map<String, ParameterType> types = context.task().parameters().stream()
                .collect(Collectors.toMap(ParameterSpec::name, ParameterSpec::type));
        ArrayNode results = JSON.arrayNode();
        JsonNode lastRows = JSON.arrayNode();
        int index = 0;
        try {
            connection.setAutoCommit(false);
            boolean capInDriver = driverCapsOnlyQueries(connection);
            for (; index < statements.size(); index++) {
                long startNanos = System.nanoTime();
                ObjectNode result = runStatement(context, spec, statements.get(index), types, connection, guard,
                        capInDriver);
                if (result == null) {
                    break;
                }
                results.add(result);
                if (result.has("rows")) {
                    lastRows = result.get("rows");
                }
                print(context, OutputStreamKind.STDOUT, "statements[" + index + "]: " + summary(result, spec)
                        + " in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos) + " ms");
            }
            Optional<TaskOutcome> stop = guard.stopOutcome();
            if (stop.isPresent()) {
                rollback(connection, spec);
                print(context, OutputStreamKind.STDERR, stop.get().error() + "; rolled back");
                return stop.get();
            }
            connection.commit();
        } catch (SQLException e) {
            rollback(connection, spec);
            int failedAt = index;
            TaskOutcome outcome = guard.stopOutcome(e).orElseGet(() -> TaskOutcome.failed(
                    (failedAt < statements.size() ? "statements[" + failedAt + "] failed: " : "commit failed: ")
                    + describe(e)));
            print(context, OutputStreamKind.STDERR, outcome.error() + "; rolled back");
            return outcome;
        } catch (RuntimeException e) {
            rollback(connection, spec);
            throw e;
        }
        print(context, OutputStreamKind.STDOUT, "committed");
        ObjectNode result = JSON.objectNode();
        result.set("statements", results);
        result.set("rows", lastRows);
        return TaskOutcome.succeeded(result);
    }

    /** The statement's result, or null when the attempt is stopping and it was not run. */
    private static ObjectNode runStatement(TaskContext context, SqlTask spec, NamedParameters statement,
            Map<String, ParameterType> types, Connection connection, StatementGuard guard, boolean capInDriver)
            throws SQLException {
        try (PreparedStatement prepared = connection.prepareStatement(statement.sql())) {
            bind(context, statement, types, prepared);
            if (capInDriver) {
                // One row more than kept tells whether the result was cut.
                prepared.setMaxRows(spec.maxRows() + 1);
            }
            if (!guard.begin(prepared)) {
                return null;
            }
            ObjectNode result = JSON.objectNode();
            if (prepared.execute()) {
                try (ResultSet rows = prepared.getResultSet()) {
                    ResultRows.Page page = ResultRows.read(rows, spec.maxRows());
                    result.set("rows", page.rows());
                    result.put("rowCount", page.rows().size());
                    result.put("truncated", page.truncated());
                }
            } else {
                result.put("updateCount", prepared.getLargeUpdateCount());
            }
            return result;
        } finally {
            guard.end();
        }
    }

    private static void bind(TaskContext context, NamedParameters statement, Map<String, ParameterType> types,
            PreparedStatement prepared) throws SQLException {
        for (int i = 0; i < statement.names().size(); i++) {
            String name = statement.names().get(i);
            int position = i + 1;
            switch (context.parameters().get(name).orElse(null)) {
                case null -> prepared.setNull(position, sqlType(types.get(name)));
                case Long number -> prepared.setLong(position, number);
                case Double number -> prepared.setDouble(position, number);
                case Boolean bool -> prepared.setBoolean(position, bool);
                case String text -> prepared.setString(position, text);
                default -> throw new TaskException("parameter " + name + " has a value of unexpected type "
                        + context.parameters().get(name).orElseThrow().getClass().getSimpleName());
            }
        }
    }

    /**
     * Whether {@link java.sql.Statement#setMaxRows} limits only query results. SQL Server's driver sends
     * {@code SET ROWCOUNT}, which also limits the rows an UPDATE or DELETE changes, so there the rows beyond the
     * cap are only left unread.
     */
    private static boolean driverCapsOnlyQueries(Connection connection) throws SQLException {
        return !connection.getMetaData().getDatabaseProductName().startsWith("Microsoft SQL Server");
    }

    /** The type an absent optional parameter is bound as, so the database need not guess it. */
    private static int sqlType(ParameterType type) {
        return switch (type) {
            case INT -> Types.BIGINT;
            case NUMBER -> Types.DOUBLE;
            case BOOL -> Types.BOOLEAN;
            case STRING, ENUM, FILE -> Types.VARCHAR;
        };
    }

    private static String summary(ObjectNode result, SqlTask spec) {
        if (result.has("rows")) {
            int count = result.get("rowCount").intValue();
            return count + (count == 1 ? " row" : " rows")
                    + (result.get("truncated").booleanValue() ? " (cut at maxRows " + spec.maxRows() + ")" : "");
        }
        long count = result.get("updateCount").longValue();
        return count + (count == 1 ? " row" : " rows") + " affected";
    }

    private static void rollback(Connection connection, SqlTask spec) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // Closing the connection ends the transaction anyway.
            LOG.warn("Rollback on datasource '{}' failed: {}", spec.datasource(), e.toString());
        }
    }

    private static void close(Connection connection, SqlTask spec) {
        try {
            connection.close();
        } catch (SQLException e) {
            // The transaction was settled before: the outcome stands.
            LOG.warn("Could not close the connection to datasource '{}': {}", spec.datasource(), e.toString());
        }
    }

    private static void print(TaskContext context, OutputStreamKind stream, String line) {
        context.output().onOutput(stream, line + "\n");
    }

    static String describe(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e.getSQLState() == null ? message : message + " (SQLState " + e.getSQLState() + ")";
    }
}
