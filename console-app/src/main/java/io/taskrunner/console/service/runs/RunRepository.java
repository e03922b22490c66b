package io.taskrunner.console.service.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskrunner.console.persistence.Database;
import io.taskrunner.console.persistence.PersistenceException;
import io.taskrunner.console.persistence.Sql;
import io.taskrunner.protocol.message.OutputStreamName;
import io.taskrunner.protocol.message.RunFinished;
import io.taskrunner.protocol.message.RunState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** Runs, their state transitions and their output. */
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

    /** Moves a run forward; a late event never moves a finished run back. Returns whether a row changed. */
    public boolean markQueued(Connection connection, UUID runId) throws SQLException {
        return transition(connection, runId, RunState.QUEUED, null, "state = 'pending'");
    }

    public boolean markRunning(Connection connection, UUID runId, Instant startedAt) throws SQLException {
        return transition(connection, runId, RunState.RUNNING, startedAt, "state IN ('pending', 'queued')");
    }

    public boolean markFinished(Connection connection, RunFinished finished, Instant finishedAt) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE runs SET state = ?, exit_code = ?, "
                + "finished_at = ?, duration_ms = ?, output_bytes = ?, output_truncated = ?, error = ? "
                + "WHERE run_id = ? AND state IN ('pending', 'queued', 'running')")) {
            update.setString(1, finished.state().wire());
            Sql.setNullableInt(update, 2, finished.exitCode());
            Sql.setInstant(update, 3, finishedAt);
            update.setLong(4, finished.durationMs());
            update.setLong(5, finished.outputBytes());
            update.setBoolean(6, finished.outputTruncated());
            update.setString(7, finished.error());
            update.setObject(8, finished.runId());
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

    private static boolean transition(Connection connection, UUID runId, RunState state, Instant startedAt,
            String fromCondition) throws SQLException {
        String sql = startedAt == null
                ? "UPDATE runs SET state = ? WHERE run_id = ? AND " + fromCondition
                : "UPDATE runs SET state = ?, started_at = ? WHERE run_id = ? AND " + fromCondition;
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            update.setString(1, state.wire());
            if (startedAt == null) {
                update.setObject(2, runId);
            } else {
                Sql.setInstant(update, 2, startedAt);
                update.setObject(3, runId);
            }
            return update.executeUpdate() > 0;
        }
    }

    private static RunSnapshot snapshot(ResultSet rows) throws SQLException {
        return new RunSnapshot(rows.getObject("run_id", UUID.class), rows.getString("agent_id"),
                fromJson(rows.getString("argv")),
                RunState.valueOf(rows.getString("state").toUpperCase(Locale.ROOT)),
                Sql.nullableInt(rows, "exit_code"), Sql.instant(rows, "created_at"), Sql.instant(rows, "started_at"),
                Sql.instant(rows, "finished_at"), Sql.nullableLong(rows, "duration_ms"), rows.getLong("output_bytes"),
                rows.getBoolean("output_truncated"), rows.getString("error"));
    }

    private static String toJson(List<String> argv) {
        try {
            return JSON.writeValueAsString(argv);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> fromJson(String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new PersistenceException("stored argv is not JSON: " + json, e);
        }
    }
}
