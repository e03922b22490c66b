package io.taskrunner.console.service.desired;

import io.taskrunner.console.persistence.Database;
import io.taskrunner.console.persistence.SealedJson;
import io.taskrunner.console.persistence.Sql;
import io.taskrunner.protocol.security.DatasourceSecrets;
import io.taskrunner.protocol.security.SecretBox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Definitions as JSON, their targets, and the agents' groups and tags (tables of {@code V6__desired_state}). Inline
 * datasource passwords are sealed in the table ({@link DatasourceSecrets}) and opened on read.
 */
final class DefinitionRepository {
    private final Database database;
    private final SecretBox secrets;

    DefinitionRepository(Database database) {
        this.database = database;
        this.secrets = database.secrets();
    }

    /** One stored definition with the targets it is assigned to. */
    record Stored(DefinitionKind kind, String name, String json, Set<Target> targets) {
    }

    void put(DefinitionKind kind, String name, String json, Instant at) {
        database.inTransaction(connection -> {
            try (PreparedStatement merge = connection.prepareStatement("MERGE INTO definitions (kind, name, body, "
                    + "updated_at) KEY (kind, name) VALUES (?, ?, ?, ?)")) {
                merge.setString(1, kind.wire());
                merge.setString(2, name);
                merge.setString(3, sealed(kind, name, json));
                Sql.setInstant(merge, 4, at);
                return merge.executeUpdate();
            }
        });
    }

    boolean remove(DefinitionKind kind, String name) {
        return database.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM definitions WHERE kind = ? AND name = ?")) {
                delete.setString(1, kind.wire());
                delete.setString(2, name);
                return delete.executeUpdate() > 0;
            }
        });
    }

    boolean exists(DefinitionKind kind, String name) {
        return json(kind, name).isPresent();
    }

    /** The names of the stored definitions of one kind, sorted. */
    List<String> names(DefinitionKind kind) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT name FROM definitions WHERE kind = ? ORDER BY name")) {
                query.setString(1, kind.wire());
                try (ResultSet rows = query.executeQuery()) {
                    List<String> names = new ArrayList<>();
                    while (rows.next()) {
                        names.add(rows.getString("name"));
                    }
                    return names;
                }
            }
        });
    }

    /** The stored JSON of one definition. */
    Optional<String> json(DefinitionKind kind, String name) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT body FROM definitions WHERE kind = ? AND name = ?")) {
                query.setString(1, kind.wire());
                query.setString(2, name);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? Optional.of(opened(kind, name, rows.getString(1))) : Optional.<String>empty();
                }
            }
        });
    }

    boolean assign(DefinitionKind kind, String name, Target target, boolean assigned) {
        return database.inTransaction(connection -> {
            String sql = assigned
                    ? "MERGE INTO definition_targets (kind, name, target_type, target) KEY (kind, name, target_type, "
                            + "target) VALUES (?, ?, ?, ?)"
                    : "DELETE FROM definition_targets WHERE kind = ? AND name = ? AND target_type = ? AND target = ?";
            try (PreparedStatement change = connection.prepareStatement(sql)) {
                change.setString(1, kind.wire());
                change.setString(2, name);
                change.setString(3, target.type().wire());
                change.setString(4, target.value());
                return change.executeUpdate() > 0;
            }
        });
    }

    /** Every definition with its targets, by kind then name. */
    List<Stored> all() {
        return database.read(connection -> {
            Map<String, Stored> byKey = new LinkedHashMap<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT kind, name, body FROM definitions ORDER BY kind, name");
                    ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Optional<DefinitionKind> kind = DefinitionKind.fromWire(rows.getString("kind"));
                    if (kind.isPresent()) {
                        String name = rows.getString("name");
                        byKey.put(key(rows.getString("kind"), name), new Stored(kind.get(), name,
                                opened(kind.get(), name, rows.getString("body")), new HashSet<>()));
                    }
                }
            }
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT kind, name, target_type, target FROM definition_targets");
                    ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Stored stored = byKey.get(key(rows.getString("kind"), rows.getString("name")));
                    if (stored != null) {
                        stored.targets().add(new Target(Target.Type.fromWire(rows.getString("target_type")),
                                rows.getString("target")));
                    }
                }
            }
            return byKey.values().stream().map(stored -> new Stored(stored.kind(), stored.name(), stored.json(),
                    Set.copyOf(stored.targets()))).toList();
        });
    }

    /**
     * Seals the inline passwords still stored as plaintext (rows from before encryption); running it again changes
     * nothing. Returns how many definitions it rewrote.
     */
    int sealPlaintext() {
        return database.inTransaction(connection -> {
            Map<String, String> rewritten = new LinkedHashMap<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT name, body FROM definitions WHERE kind = ?")) {
                query.setString(1, DefinitionKind.DATASOURCE.wire());
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        String body = rows.getString("body");
                        String sealed = sealed(DefinitionKind.DATASOURCE, rows.getString("name"), body);
                        if (!sealed.equals(body)) {
                            rewritten.put(rows.getString("name"), sealed);
                        }
                    }
                }
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE definitions SET body = ? WHERE kind = ? AND name = ?")) {
                for (Map.Entry<String, String> row : rewritten.entrySet()) {
                    update.setString(1, row.getValue());
                    update.setString(2, DefinitionKind.DATASOURCE.wire());
                    update.setString(3, row.getKey());
                    update.executeUpdate();
                }
            }
            return rewritten.size();
        });
    }

    void setLabels(String agentId, Set<String> groups, Set<String> tags) {
        database.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM agent_labels WHERE agent_id = ?")) {
                delete.setString(1, agentId);
                delete.executeUpdate();
            }
            insertLabels(connection, agentId, "group", groups);
            insertLabels(connection, agentId, "tag", tags);
            return null;
        });
    }

    /** The groups and tags of every agent that has any. */
    Map<String, AgentLabels> labels() {
        return database.read(connection -> {
            Map<String, Set<String>> groups = new HashMap<>();
            Map<String, Set<String>> tags = new HashMap<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT agent_id, label_type, label FROM agent_labels");
                    ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Map<String, Set<String>> into = rows.getString("label_type").equals("group") ? groups : tags;
                    into.computeIfAbsent(rows.getString("agent_id"), id -> new HashSet<>()).add(rows.getString("label"));
                }
            }
            Map<String, AgentLabels> labels = new HashMap<>();
            Set<String> agents = new HashSet<>(groups.keySet());
            agents.addAll(tags.keySet());
            for (String agent : agents) {
                labels.put(agent, new AgentLabels(agent, groups.getOrDefault(agent, Set.of()),
                        tags.getOrDefault(agent, Set.of())));
            }
            return labels;
        });
    }

    private static void insertLabels(Connection connection, String agentId, String type, Set<String> labels)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO agent_labels (agent_id, label_type, label) VALUES (?, ?, ?)")) {
            for (String label : labels) {
                insert.setString(1, agentId);
                insert.setString(2, type);
                insert.setString(3, label);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private String sealed(DefinitionKind kind, String name, String json) {
        return kind != DefinitionKind.DATASOURCE ? json : SealedJson.rewrite(json, "datasource '" + name + "'",
                tree -> DatasourceSecrets.sealDatasource(tree, secrets));
    }

    private String opened(DefinitionKind kind, String name, String json) {
        return kind != DefinitionKind.DATASOURCE ? json : SealedJson.rewrite(json, "datasource '" + name + "'",
                tree -> DatasourceSecrets.openDatasource(tree, secrets));
    }

    private static String key(String kind, String name) {
        return kind + "/" + name;
    }
}
