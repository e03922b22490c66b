package io.taskrunner.console.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/** The raw agent events, stored once each. */
public final class EventRepository {
    private final Database database;

    public EventRepository(Database database) {
        this.database = database;
    }

    /** Inserts the event unless its id is already stored; returns whether it was new. */
    public boolean insertIfAbsent(Connection connection, UUID eventId, String agentId, long seq, String type,
            Instant ts, UUID runId, String payload) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("MERGE INTO agent_events (event_id, agent_id, "
                + "seq, type, ts, run_id, payload) KEY (event_id) SELECT ?, ?, ?, ?, ?, ?, ? "
                + "WHERE NOT EXISTS (SELECT 1 FROM agent_events WHERE event_id = ?)")) {
            insert.setObject(1, eventId);
            insert.setString(2, agentId);
            insert.setLong(3, seq);
            insert.setString(4, type);
            Sql.setInstant(insert, 5, ts);
            insert.setObject(6, runId);
            insert.setString(7, payload);
            insert.setObject(8, eventId);
            return insert.executeUpdate() > 0;
        }
    }

    public long count(String agentId, String type) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT COUNT(*) FROM agent_events WHERE agent_id = ? AND type = ?")) {
                query.setString(1, agentId);
                query.setString(2, type);
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }
}
