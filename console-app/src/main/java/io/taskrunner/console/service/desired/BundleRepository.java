package io.taskrunner.console.service.desired;

import io.taskrunner.console.persistence.Database;
import io.taskrunner.console.persistence.Sql;
import io.taskrunner.protocol.message.DesiredApplied;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The bundle last published to each agent and the agent's answer (table {@code desired_bundles}). */
final class BundleRepository {
    private final Database database;

    BundleRepository(Database database) {
        this.database = database;
    }

    /** What was published to an agent and what it said. */
    record Published(String agentId, long version, String contentHash, String definitionsJson, Instant publishedAt,
            long appliedVersion, Instant appliedAt, Long refusedVersion, String refusedField, String refusedError) {
    }

    Map<String, Published> all() {
        return database.read(connection -> {
            Map<String, Published> all = new HashMap<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT * FROM desired_bundles");
                    ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Published published = published(rows);
                    all.put(published.agentId(), published);
                }
            }
            return all;
        });
    }

    Optional<Published> find(String agentId) {
        return Optional.ofNullable(all().get(agentId));
    }

    void published(String agentId, long version, String contentHash, String definitionsJson, Instant at) {
        database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE desired_bundles SET version = ?, "
                    + "content_hash = ?, definitions = ?, published_at = ? WHERE agent_id = ?")) {
                update.setLong(1, version);
                update.setString(2, contentHash);
                update.setString(3, definitionsJson);
                Sql.setInstant(update, 4, at);
                update.setString(5, agentId);
                if (update.executeUpdate() > 0) {
                    return null;
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO desired_bundles (agent_id, "
                    + "version, content_hash, definitions, published_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, agentId);
                insert.setLong(2, version);
                insert.setString(3, contentHash);
                insert.setString(4, definitionsJson);
                Sql.setInstant(insert, 5, at);
                insert.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Records an agent's answer inside the event ingest's transaction. Applying clears an earlier refusal; a refusal
     * of a version older than the one applied changes nothing (version 0: a bundle that failed verification).
     */
    void answered(Connection connection, String agentId, DesiredApplied answer, Instant at) throws SQLException {
        if (answer.applied()) {
            try (PreparedStatement update = connection.prepareStatement("UPDATE desired_bundles SET "
                    + "applied_version = ?, applied_at = ?, refused_version = NULL, refused_field = NULL, "
                    + "refused_error = NULL WHERE agent_id = ? AND applied_version < ?")) {
                update.setLong(1, answer.version());
                Sql.setInstant(update, 2, at);
                update.setString(3, agentId);
                update.setLong(4, answer.version());
                update.executeUpdate();
            }
            return;
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE desired_bundles SET refused_version = ?, "
                + "refused_field = ?, refused_error = ? WHERE agent_id = ? AND (? = 0 OR applied_version < ?)")) {
            update.setLong(1, answer.version());
            update.setString(2, answer.field());
            update.setString(3, answer.error());
            update.setString(4, agentId);
            update.setLong(5, answer.version());
            update.setLong(6, answer.version());
            update.executeUpdate();
        }
    }

    private static Published published(ResultSet rows) throws SQLException {
        return new Published(rows.getString("agent_id"), rows.getLong("version"), rows.getString("content_hash"),
                rows.getString("definitions"), Sql.instant(rows, "published_at"), rows.getLong("applied_version"),
                Sql.instant(rows, "applied_at"), rows.getObject("refused_version", Long.class),
                rows.getString("refused_field"), rows.getString("refused_error"));
    }
}
