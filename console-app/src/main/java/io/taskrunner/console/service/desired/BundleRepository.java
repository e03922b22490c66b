package io.taskrunner.console.service.desired;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskrunner.console.persistence.Database;
import io.taskrunner.console.persistence.PersistenceException;
import io.taskrunner.console.persistence.SealedJson;
import io.taskrunner.console.persistence.Sql;
import io.taskrunner.protocol.message.DesiredApplied;
import io.taskrunner.protocol.security.DatasourceSecrets;
import io.taskrunner.protocol.security.SecretBox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The bundle last published to each agent and the agent's answer (table {@code desired_bundles}). The bundle's
 * inline datasource passwords are sealed in the table and opened on read.
 */
final class BundleRepository {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Database database;
    private final SecretBox secrets;

    BundleRepository(Database database) {
        this.database = database;
        this.secrets = database.secrets();
    }

    /**
     * What was published to an agent and what it said.
     *
     * @param groups        the groups the published bundle names (sorted)
     * @param appliedGroups the groups of the bundle the agent applied last, as far as the console knows
     */
    record Published(String agentId, long version, String contentHash, String definitionsJson, Instant publishedAt,
            long appliedVersion, Instant appliedAt, Long refusedVersion, String refusedField, String refusedError,
            List<String> groups, Set<String> appliedGroups) {
    }

    Map<String, Published> all() {
        return database.read(connection -> {
            Map<String, Published> all = new HashMap<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT * FROM desired_bundles");
                    ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Published published = published(rows, secrets);
                    all.put(published.agentId(), published);
                }
            }
            return all;
        });
    }

    Optional<Published> find(String agentId) {
        return Optional.ofNullable(all().get(agentId));
    }

    void published(String agentId, long version, String contentHash, String definitionsJson, List<String> groups,
            Instant at) {
        String sealedJson = sealed(agentId, definitionsJson, secrets);
        database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE desired_bundles SET version = ?, "
                    + "content_hash = ?, definitions = ?, published_at = ?, agent_groups = ? WHERE agent_id = ?")) {
                update.setLong(1, version);
                update.setString(2, contentHash);
                update.setString(3, sealedJson);
                Sql.setInstant(update, 4, at);
                update.setString(5, groupsJson(groups));
                update.setString(6, agentId);
                if (update.executeUpdate() > 0) {
                    return null;
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO desired_bundles (agent_id, "
                    + "version, content_hash, definitions, published_at, agent_groups) VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, agentId);
                insert.setLong(2, version);
                insert.setString(3, contentHash);
                insert.setString(4, sealedJson);
                Sql.setInstant(insert, 5, at);
                insert.setString(6, groupsJson(groups));
                insert.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Records an agent's answer inside the event ingest's transaction. Applying clears an earlier refusal and, when it
     * is the version published, makes that bundle's groups the applied ones; a refusal of a version older than the
     * one applied changes nothing (version 0: a bundle that failed verification). Returns the applied groups when
     * they changed.
     */
    Optional<Set<String>> answered(Connection connection, String agentId, DesiredApplied answer, Instant at)
            throws SQLException {
        if (answer.applied()) {
            try (PreparedStatement update = connection.prepareStatement("UPDATE desired_bundles SET "
                    + "applied_version = ?, applied_at = ?, refused_version = NULL, refused_field = NULL, "
                    + "refused_error = NULL, applied_groups = CASE WHEN version = ? THEN agent_groups "
                    + "ELSE applied_groups END WHERE agent_id = ? AND applied_version < ?")) {
                update.setLong(1, answer.version());
                Sql.setInstant(update, 2, at);
                update.setLong(3, answer.version());
                update.setString(4, agentId);
                update.setLong(5, answer.version());
                if (update.executeUpdate() == 0) {
                    return Optional.empty();
                }
            }
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT applied_groups FROM desired_bundles WHERE agent_id = ?")) {
                query.setString(1, agentId);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? Optional.of(Set.copyOf(groups(rows.getString(1)))) : Optional.empty();
                }
            }
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
        return Optional.empty();
    }

    /** Seals the bundles' passwords still stored as plaintext; idempotent. Returns how many rows it rewrote. */
    int sealPlaintext() {
        return database.inTransaction(connection -> {
            Map<String, String> rewritten = new HashMap<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT agent_id, definitions FROM desired_bundles");
                    ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String json = rows.getString("definitions");
                    String sealed = sealed(rows.getString("agent_id"), json, secrets);
                    if (!sealed.equals(json)) {
                        rewritten.put(rows.getString("agent_id"), sealed);
                    }
                }
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE desired_bundles SET definitions = ? WHERE agent_id = ?")) {
                for (Map.Entry<String, String> row : rewritten.entrySet()) {
                    update.setString(1, row.getValue());
                    update.setString(2, row.getKey());
                    update.executeUpdate();
                }
            }
            return rewritten.size();
        });
    }

    private static String sealed(String agentId, String json, SecretBox secrets) {
        return SealedJson.rewrite(json, "bundle of " + agentId,
                tree -> DatasourceSecrets.sealDefinitionSet(tree, secrets));
    }

    private static Published published(ResultSet rows, SecretBox secrets) throws SQLException {
        String agentId = rows.getString("agent_id");
        String definitions = SealedJson.rewrite(rows.getString("definitions"), "bundle of " + agentId,
                tree -> DatasourceSecrets.openDefinitionSet(tree, secrets));
        return new Published(agentId, rows.getLong("version"), rows.getString("content_hash"), definitions,
                Sql.instant(rows, "published_at"), rows.getLong("applied_version"), Sql.instant(rows, "applied_at"),
                rows.getObject("refused_version", Long.class), rows.getString("refused_field"),
                rows.getString("refused_error"), groups(rows.getString("agent_groups")),
                Set.copyOf(groups(rows.getString("applied_groups"))));
    }

    private static String groupsJson(List<String> groups) {
        if (groups.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(groups);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write groups as JSON", e);
        }
    }

    private static List<String> groups(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return List.copyOf(JSON.readValue(json, new TypeReference<List<String>>() { }));
        } catch (JsonProcessingException e) {
            throw new PersistenceException("stored groups are not a JSON array: " + json, e);
        }
    }
}
