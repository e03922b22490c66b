package io.taskrunner.console.service.fleet;

import io.taskrunner.console.persistence.Database;
import io.taskrunner.console.persistence.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Agents and their end-to-end acknowledgement mark. */
public final class AgentRepository {
    private final Database database;

    public AgentRepository(Database database) {
        this.database = database;
    }

    /** Inserts the agent when unknown; returns whether it was new. */
    public boolean ensure(Connection connection, String agentId, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "MERGE INTO agents (agent_id, enrolled_at) KEY (agent_id) SELECT ?, ? "
                        + "WHERE NOT EXISTS (SELECT 1 FROM agents WHERE agent_id = ?)")) {
            update.setString(1, agentId);
            Sql.setInstant(update, 2, now);
            update.setString(3, agentId);
            return update.executeUpdate() > 0;
        }
    }

    public void ensure(String agentId, Instant now) {
        database.inTransaction(connection -> ensure(connection, agentId, now));
    }

    /** Unlists the agent; its history (runs, events) stays. */
    public void markRemoved(String agentId, Instant now) {
        database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE agents SET removed_at = ?, status = 'offline' WHERE agent_id = ?")) {
                Sql.setInstant(update, 1, now);
                update.setString(2, agentId);
                return update.executeUpdate();
            }
        });
    }

    /** Lists the agent again (enrolled anew), inserting it when unknown. */
    public void restore(String agentId, Instant now) {
        database.inTransaction(connection -> {
            ensure(connection, agentId, now);
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE agents SET removed_at = NULL WHERE agent_id = ?")) {
                update.setString(1, agentId);
                return update.executeUpdate();
            }
        });
    }

    public void saveState(String agentId, AgentConnectionStatus status, String hostName, String os, String osVersion,
            String arch, String agentVersion, List<String> addresses, Instant seen) {
        database.inTransaction(connection -> {
            ensure(connection, agentId, seen);
            try (PreparedStatement update = connection.prepareStatement("UPDATE agents SET status = ?, "
                    + "host_name = COALESCE(?, host_name), os = COALESCE(?, os), os_version = COALESCE(?, os_version), "
                    + "arch = COALESCE(?, arch), agent_version = COALESCE(?, agent_version), "
                    + "addresses = COALESCE(?, addresses), last_seen = ? WHERE agent_id = ?")) {
                update.setString(1, status.name().toLowerCase(Locale.ROOT));
                update.setString(2, hostName);
                update.setString(3, os);
                update.setString(4, osVersion);
                update.setString(5, arch);
                update.setString(6, agentVersion);
                update.setString(7, addresses == null || addresses.isEmpty() ? null : String.join(",", addresses));
                Sql.setInstant(update, 8, seen);
                update.setString(9, agentId);
                return update.executeUpdate();
            }
        });
    }

    public void saveMetrics(String agentId, double cpuPercent, double memoryPercent, long diskFreeBytes, Instant seen) {
        database.inTransaction(connection -> {
            ensure(connection, agentId, seen);
            try (PreparedStatement update = connection.prepareStatement("UPDATE agents SET cpu_percent = ?, "
                    + "memory_percent = ?, disk_free_bytes = ?, last_seen = ? WHERE agent_id = ?")) {
                update.setDouble(1, cpuPercent);
                update.setDouble(2, memoryPercent);
                update.setLong(3, diskFreeBytes);
                Sql.setInstant(update, 4, seen);
                update.setString(5, agentId);
                return update.executeUpdate();
            }
        });
    }

    public long ackedSeq(Connection connection, String agentId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT acked_seq FROM agents WHERE agent_id = ? FOR UPDATE")) {
            query.setString(1, agentId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
    }

    public void setAckedSeq(Connection connection, String agentId, long seq, Instant seen) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE agents SET acked_seq = ?, last_seen = ? WHERE agent_id = ?")) {
            update.setLong(1, seq);
            Sql.setInstant(update, 2, seen);
            update.setString(3, agentId);
            update.executeUpdate();
        }
    }

    public List<AgentSnapshot> findAll() {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT * FROM agents WHERE removed_at IS NULL ORDER BY agent_id");
                    ResultSet rows = query.executeQuery()) {
                List<AgentSnapshot> agents = new ArrayList<>();
                while (rows.next()) {
                    agents.add(snapshot(rows));
                }
                return agents;
            }
        });
    }

    public Optional<AgentSnapshot> find(String agentId) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT * FROM agents WHERE agent_id = ? AND removed_at IS NULL")) {
                query.setString(1, agentId);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? Optional.of(snapshot(rows)) : Optional.empty();
                }
            }
        });
    }

    /** Agent ids with their acknowledgement marks, for re-synchronising after the console reconnects. */
    public List<AgentAck> ackMarks() {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT agent_id, acked_seq FROM agents WHERE removed_at IS NULL");
                    ResultSet rows = query.executeQuery()) {
                List<AgentAck> marks = new ArrayList<>();
                while (rows.next()) {
                    marks.add(new AgentAck(rows.getString(1), rows.getLong(2)));
                }
                return marks;
            }
        });
    }

    private static AgentSnapshot snapshot(ResultSet rows) throws SQLException {
        String addresses = rows.getString("addresses");
        String os = rows.getString("os");
        String osVersion = rows.getString("os_version");
        return new AgentSnapshot(rows.getString("agent_id"),
                AgentConnectionStatus.valueOf(rows.getString("status").toUpperCase(Locale.ROOT)),
                rows.getString("host_name"),
                os == null ? null : osVersion == null ? os : os + " " + osVersion,
                rows.getString("agent_version"),
                addresses == null ? List.of() : Arrays.asList(addresses.split(",")),
                Sql.nullableDouble(rows, "cpu_percent"),
                Sql.nullableDouble(rows, "memory_percent"),
                Sql.nullableLong(rows, "disk_free_bytes"),
                Sql.instant(rows, "last_seen"));
    }

    /** An agent id and the highest event sequence stored for it. */
    public record AgentAck(String agentId, long ackedSeq) {
    }
}
