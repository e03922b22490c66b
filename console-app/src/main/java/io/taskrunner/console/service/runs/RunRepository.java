package io.taskrunner.console.service.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskrunner.console.persistence.Database;
import io.taskrunner.console.persistence.PersistenceException;
import io.taskrunner.console.persistence.Sql;
import io.taskrunner.protocol.message.OutputStreamName;
import io.taskrunner.protocol.message.RunFinished;
import io.taskrunner.protocol.message.RunProgress;
import io.taskrunner.protocol.message.RunQueued;
import io.taskrunner.protocol.message.RunRetrying;
import io.taskrunner.protocol.message.RunState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Runs, their state transitions and their output. Transitions only move a run forward: an event that arrives for
 * a run already past that stage changes nothing, so applying an event twice is harmless.
 */
public final class RunRepository {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Database database;

    public RunRepository(Database database) {
        this.database = database;
    }

    public void insertPending(UUID runId, UUID commandId, String agentId, List<String> argv, String workingDir,
            Instant createdAt) {
        database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO runs (run_id, agent_id, "
                    + "command_id, argv, working_dir, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setObject(1, runId);
                insert.setString(2, agentId);
                insert.setObject(3, commandId);
                insert.setString(4, toJson(argv));
                insert.setString(5, workingDir);
                insert.setString(6, RunState.PENDING.wire());
                Sql.setInstant(insert, 7, createdAt);
                return insert.executeUpdate();
            }
        });
    }

    /** A task run the console is about to send; {@code parameters} are stored as given, so mask secrets first. */
    public void insertPendingTask(UUID runId, UUID commandId, String agentId, String taskName,
            Map<String, Object> parameters, Instant createdAt) {
        insertPendingTask("agent_id", runId, commandId, agentId, taskName, parameters, createdAt);
    }

    /**
     * A task run for any one agent of {@code group}: no agent yet, the first of the group's agents to report it
     * becomes its agent.
     */
    public void insertPendingGroupTask(UUID runId, UUID commandId, String group, String taskName,
            Map<String, Object> parameters, Instant createdAt) {
        insertPendingTask("target_group", runId, commandId, group, taskName, parameters, createdAt);
    }

    /** @param addressee {@code agent_id} or {@code target_group}: the column {@code to} goes into */
    private void insertPendingTask(String addressee, UUID runId, UUID commandId, String to, String taskName,
            Map<String, Object> parameters, Instant createdAt) {
        database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO runs (run_id, " + addressee
                    + ", command_id, task_name, parameters, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setObject(1, runId);
                insert.setString(2, to);
                insert.setObject(3, commandId);
                insert.setString(4, taskName);
                insert.setString(5, toJson(parameters));
                insert.setString(6, RunState.PENDING.wire());
                Sql.setInstant(insert, 7, createdAt);
                return insert.executeUpdate();
            }
        });
    }

    /** A run whose command never left the console (it could not be signed, e.g. too big); from pending only. */
    public boolean markNotSent(UUID runId, String error, Instant at) {
        return database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE runs SET state = ?, error = ?, "
                    + "finished_at = ? WHERE run_id = ? AND state = 'pending'")) {
                update.setString(1, RunState.REJECTED.wire());
                update.setString(2, truncate(error));
                Sql.setInstant(update, 3, at);
                update.setObject(4, runId);
                return update.executeUpdate() > 0;
            }
        });
    }

    /**
     * The agent queued the run. A task run the console did not start (a device trigger, a schedule on the agent) is
     * first seen here and stored. Returns whether a row changed.
     */
    public boolean markQueued(Connection connection, String agentId, RunQueued queued, Instant at)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE runs SET state = ?, "
                + "task_name = COALESCE(task_name, ?), channel = ?, run_at = ?, merged_into = ?, "
                + "agent_id = COALESCE(agent_id, ?) WHERE run_id = ? AND state = 'pending'")) {
            update.setString(1, RunState.QUEUED.wire());
            update.setString(2, queued.task());
            update.setString(3, queued.channel());
            Sql.setInstant(update, 4, instantOrNull(queued.runAt()));
            update.setObject(5, queued.mergedInto());
            update.setString(6, agentId);
            update.setObject(7, queued.runId());
            if (update.executeUpdate() > 0) {
                return true;
            }
        }
        return queued.task() != null && insertReported(connection, agentId, queued, at);
    }

    // the command id stays null: the run came from the agent, and a reused id must not block the unique index
    private static boolean insertReported(Connection connection, String agentId, RunQueued queued, Instant at)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("MERGE INTO runs (run_id, agent_id, task_name, "
                + "state, created_at, channel, run_at, merged_into) KEY (run_id) SELECT ?, ?, ?, ?, ?, ?, ?, ? "
                + "WHERE NOT EXISTS (SELECT 1 FROM runs WHERE run_id = ?)")) {
            insert.setObject(1, queued.runId());
            insert.setString(2, agentId);
            insert.setString(3, queued.task());
            insert.setString(4, RunState.QUEUED.wire());
            Sql.setInstant(insert, 5, at);
            insert.setString(6, queued.channel());
            Sql.setInstant(insert, 7, instantOrNull(queued.runAt()));
            insert.setObject(8, queued.mergedInto());
            insert.setObject(9, queued.runId());
            return insert.executeUpdate() > 0;
        }
    }

    /**
     * An attempt started; the first start time is kept, the attempt count only grows. A group run without an agent
     * yet gets {@code agentId}.
     */
    public boolean markRunning(Connection connection, String agentId, UUID runId, int attempt, Instant startedAt)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE runs SET state = ?, "
                + "started_at = COALESCE(started_at, ?), attempts = GREATEST(attempts, ?), next_attempt_at = NULL, "
                + "agent_id = COALESCE(agent_id, ?) WHERE run_id = ? AND state IN ('pending', 'queued')")) {
            update.setString(1, RunState.RUNNING.wire());
            Sql.setInstant(update, 2, startedAt);
            update.setInt(3, attempt);
            update.setString(4, agentId);
            update.setObject(5, runId);
            return update.executeUpdate() > 0;
        }
    }

    /** An attempt failed and another follows: the run waits (queued) with the attempt's exit code and error. */
    public boolean markRetrying(Connection connection, RunRetrying retrying) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE runs SET state = ?, "
                + "attempts = GREATEST(attempts, ?), exit_code = ?, error = ?, next_attempt_at = ? "
                + "WHERE run_id = ? AND state IN ('pending', 'queued', 'running')")) {
            update.setString(1, RunState.QUEUED.wire());
            update.setInt(2, retrying.attempt());
            Sql.setNullableInt(update, 3, retrying.exitCode());
            update.setString(4, retrying.error());
            Sql.setInstant(update, 5, Instant.ofEpochMilli(retrying.nextAttemptAt()));
            update.setObject(6, retrying.runId());
            return update.executeUpdate() > 0;
        }
    }

    /** The task's latest progress while the run is not over; the last value stays after its end. */
    public boolean markProgress(Connection connection, RunProgress progress, Instant at) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE runs SET progress_percent = ?, "
                + "progress_details = ?, progress_at = ? WHERE run_id = ? AND state IN ('pending', 'queued', "
                + "'running')")) {
            Sql.setNullableInt(update, 1, progress.percent());
            update.setString(2, progress.details());
            Sql.setInstant(update, 3, at);
            update.setObject(4, progress.runId());
            return update.executeUpdate() > 0;
        }
    }

    /** The run finished; a group run without an agent yet gets {@code agentId}. */
    public boolean markFinished(Connection connection, String agentId, RunFinished finished, Instant finishedAt)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE runs SET state = ?, exit_code = ?, "
                + "finished_at = ?, duration_ms = ?, output_bytes = ?, output_truncated = ?, error = ?, "
                + "task_name = COALESCE(task_name, ?), attempts = GREATEST(attempts, ?), result = ?, "
                + "next_attempt_at = NULL, agent_id = COALESCE(agent_id, ?) "
                + "WHERE run_id = ? AND state IN ('pending', 'queued', 'running')")) {
            update.setString(1, finished.state().wire());
            Sql.setNullableInt(update, 2, finished.exitCode());
            Sql.setInstant(update, 3, finishedAt);
            update.setLong(4, finished.durationMs());
            update.setLong(5, finished.outputBytes());
            update.setBoolean(6, finished.outputTruncated());
            update.setString(7, finished.error());
            update.setString(8, finished.task());
            update.setInt(9, finished.attempts());
            update.setString(10, finished.result() == null ? null : toJson(finished.result()));
            update.setString(11, agentId);
            update.setObject(12, finished.runId());
            return update.executeUpdate() > 0;
        }
    }

    /** A command the agent refused; returns the run it belonged to, if any. */
    public Optional<UUID> markRejected(Connection connection, UUID commandId, String error, Instant at)
            throws SQLException {
        Optional<UUID> runId = Optional.empty();
        try (PreparedStatement query = connection.prepareStatement("SELECT run_id FROM runs WHERE command_id = ?")) {
            query.setObject(1, commandId);
            try (ResultSet rows = query.executeQuery()) {
                if (rows.next()) {
                    runId = Optional.of(rows.getObject(1, UUID.class));
                }
            }
        }
        if (runId.isPresent()) {
            try (PreparedStatement update = connection.prepareStatement("UPDATE runs SET state = ?, error = ?, "
                    + "finished_at = ? WHERE run_id = ? AND state IN ('pending', 'queued')")) {
                update.setString(1, RunState.REJECTED.wire());
                update.setString(2, error);
                Sql.setInstant(update, 3, at);
                update.setObject(4, runId.get());
                update.executeUpdate();
            }
        }
        return runId;
    }

    public void appendOutput(Connection connection, RunOutputChunk chunk) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO run_output (run_id, agent_seq, stream, text) VALUES (?, ?, ?, ?)")) {
            insert.setObject(1, chunk.runId());
            insert.setLong(2, chunk.seq());
            insert.setString(3, chunk.stream().wire());
            insert.setString(4, chunk.text());
            insert.executeUpdate();
        }
    }

    public Optional<RunSnapshot> find(UUID runId) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT * FROM runs WHERE run_id = ?")) {
                query.setObject(1, runId);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? Optional.of(snapshot(rows)) : Optional.empty();
                }
            }
        });
    }

    /** The command that started a run the console sent; empty for a run the agent started on its own. */
    public Optional<UUID> commandId(UUID runId) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT command_id FROM runs WHERE run_id = ?")) {
                query.setObject(1, runId);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? Optional.ofNullable(rows.getObject(1, UUID.class)) : Optional.empty();
                }
            }
        });
    }

    public List<RunSnapshot> recent(int limit) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT * FROM runs ORDER BY created_at DESC LIMIT ?")) {
                query.setInt(1, limit);
                try (ResultSet rows = query.executeQuery()) {
                    List<RunSnapshot> runs = new ArrayList<>();
                    while (rows.next()) {
                        runs.add(snapshot(rows));
                    }
                    return runs;
                }
            }
        });
    }

    public List<RunOutputChunk> output(UUID runId) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT agent_seq, stream, text FROM run_output WHERE run_id = ? ORDER BY agent_seq")) {
                query.setObject(1, runId);
                try (ResultSet rows = query.executeQuery()) {
                    List<RunOutputChunk> chunks = new ArrayList<>();
                    while (rows.next()) {
                        chunks.add(new RunOutputChunk(runId, rows.getLong(1),
                                OutputStreamName.valueOf(rows.getString(2).toUpperCase(Locale.ROOT)),
                                rows.getString(3)));
                    }
                    return chunks;
                }
            }
        });
    }

    private static RunSnapshot snapshot(ResultSet rows) throws SQLException {
        String argv = rows.getString("argv");
        String parameters = rows.getString("parameters");
        return new RunSnapshot(rows.getObject("run_id", UUID.class), rows.getString("agent_id"),
                argv == null ? List.of() : fromJson(argv, new TypeReference<List<String>>() { }, "argv"),
                RunState.valueOf(rows.getString("state").toUpperCase(Locale.ROOT)),
                Sql.nullableInt(rows, "exit_code"), Sql.instant(rows, "created_at"), Sql.instant(rows, "started_at"),
                Sql.instant(rows, "finished_at"), Sql.nullableLong(rows, "duration_ms"), rows.getLong("output_bytes"),
                rows.getBoolean("output_truncated"), rows.getString("error"), rows.getString("task_name"),
                parameters == null ? Map.of()
                        : fromJson(parameters, new TypeReference<Map<String, Object>>() { }, "parameters"),
                rows.getInt("attempts"), rows.getString("result"), rows.getString("channel"),
                Sql.instant(rows, "run_at"), rows.getObject("merged_into", UUID.class),
                Sql.instant(rows, "next_attempt_at"), Sql.nullableInt(rows, "progress_percent"),
                rows.getString("progress_details"), Sql.instant(rows, "progress_at"), rows.getString("target_group"));
    }

    private static Instant instantOrNull(Long epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis);
    }

    private static String truncate(String error) {
        return error == null || error.length() <= 4000 ? error : error.substring(0, 4000) + "…";
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static <T> T fromJson(String json, TypeReference<T> type, String column) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new PersistenceException("stored " + column + " is not JSON: " + json, e);
        }
    }
}
