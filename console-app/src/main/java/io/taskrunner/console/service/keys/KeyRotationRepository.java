package io.taskrunner.console.service.keys;

import io.taskrunner.console.persistence.Database;
import io.taskrunner.console.persistence.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Per agent: which key the latest rotation announced to it, and whether it confirmed ({@code signing_key_agents}). */
final class KeyRotationRepository {
    private final Database database;

    KeyRotationRepository(Database database) {
        this.database = database;
    }

    /** Replaces the rows of any earlier rotation with one unconfirmed row per agent. */
    void started(Collection<String> agentIds, String keyId, String previousKeyId, Instant at) {
        database.inTransaction(connection -> {
            try (PreparedStatement clear = connection.prepareStatement("DELETE FROM signing_key_agents")) {
                clear.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO signing_key_agents (agent_id,"
                    + " key_id, previous_key_id, announced_at) VALUES (?, ?, ?, ?)")) {
                for (String agentId : agentIds) {
                    insert.setString(1, agentId);
                    insert.setString(2, keyId);
                    insert.setString(3, previousKeyId);
                    Sql.setInstant(insert, 4, at);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    /** Marks the agent confirmed, if it was waiting for {@code keyId}; false otherwise. */
    boolean confirmed(Connection connection, String agentId, String keyId, Instant at) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE signing_key_agents SET confirmed_at = ?"
                + " WHERE agent_id = ? AND key_id = ? AND confirmed_at IS NULL")) {
            Sql.setInstant(update, 1, at);
            update.setString(2, agentId);
            update.setString(3, keyId);
            return update.executeUpdate() == 1;
        }
    }

    List<AgentKeyStatus> all() {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT * FROM signing_key_agents ORDER BY agent_id");
                    ResultSet rows = query.executeQuery()) {
                List<AgentKeyStatus> agents = new ArrayList<>();
                while (rows.next()) {
                    agents.add(new AgentKeyStatus(rows.getString("agent_id"), rows.getString("key_id"),
                            rows.getString("previous_key_id"), Sql.instant(rows, "announced_at"),
                            Sql.instant(rows, "confirmed_at")));
                }
                return agents;
            }
        });
    }
}
