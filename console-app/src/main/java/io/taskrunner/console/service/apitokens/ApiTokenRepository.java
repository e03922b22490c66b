package io.taskrunner.console.service.apitokens;

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
import java.util.Optional;
import java.util.stream.Collectors;

/** Table {@code api_tokens}: tokens by name with the SHA-256 of each. */
final class ApiTokenRepository {
    private final Database database;

    /** A stored token with its hash, which stays inside this package. */
    record Stored(ApiToken token, byte[] hash) {
    }

    ApiTokenRepository(Database database) {
        this.database = database;
    }

    /** Stores the token, replacing a revoked one of that name; false (nothing changed) when a valid one exists. */
    boolean insert(ApiToken token, byte[] hash) {
        return database.inTransaction(connection -> {
            Optional<Stored> existing = find(connection, token.name());
            if (existing.isPresent() && !existing.get().token().revoked()) {
                return false;
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM api_tokens WHERE name = ?")) {
                delete.setString(1, token.name());
                delete.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO api_tokens (name, token_hash, "
                    + "scopes, agent_ids, agent_groups, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, token.name());
                insert.setBytes(2, hash);
                insert.setString(3, token.scopes().stream().sorted().map(ApiScope::wire)
                        .collect(Collectors.joining(",")));
                insert.setString(4, String.join(",", token.agentIds()));
                insert.setString(5, String.join(",", token.agentGroups()));
                Sql.setInstant(insert, 6, token.createdAt());
                return insert.executeUpdate() > 0;
            }
        });
    }

    List<Stored> all() {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT * FROM api_tokens ORDER BY name");
                    ResultSet rows = query.executeQuery()) {
                List<Stored> tokens = new ArrayList<>();
                while (rows.next()) {
                    tokens.add(stored(rows));
                }
                return tokens;
            }
        });
    }

    boolean revoke(String name, Instant at) {
        return database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE api_tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL")) {
                Sql.setInstant(update, 1, at);
                update.setString(2, name);
                return update.executeUpdate() > 0;
            }
        });
    }

    void markUsed(String name, Instant at) {
        database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE api_tokens SET last_used_at = ? WHERE name = ?")) {
                Sql.setInstant(update, 1, at);
                update.setString(2, name);
                return update.executeUpdate();
            }
        });
    }

    private static Optional<Stored> find(Connection connection, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT * FROM api_tokens WHERE name = ?")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(stored(rows)) : Optional.empty();
            }
        }
    }

    private static Stored stored(ResultSet rows) throws SQLException {
        ApiToken token = new ApiToken(rows.getString("name"), ApiScope.parseList(rows.getString("scopes"), "scopes"),
                split(rows.getString("agent_ids")), split(rows.getString("agent_groups")),
                Sql.instant(rows, "created_at"), Sql.instant(rows, "last_used_at"), Sql.instant(rows, "revoked_at"));
        return new Stored(token, rows.getBytes("token_hash"));
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }
}
