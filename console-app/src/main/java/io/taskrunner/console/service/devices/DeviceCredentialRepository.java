package io.taskrunner.console.service.devices;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskrunner.console.persistence.Database;
import io.taskrunner.console.persistence.PersistenceException;
import io.taskrunner.console.persistence.Sql;

/** Device credentials with their password hashes (table {@code device_credentials}). */
final class DeviceCredentialRepository {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> FILTERS = new TypeReference<>() { };

    private final Database database;

    DeviceCredentialRepository(Database database) {
        this.database = database;
    }

    /**
     * Inserts the credential; returns false (and changes nothing) when one of that name exists.
     *
     * @param mosquittoHash the password in Mosquitto's {@code $7$} form, for exporting broker rules
     */
    boolean insert(DeviceCredential credential, StoredPassword password, String mosquittoHash) {
        return database.inTransaction(connection -> {
            if (find(connection, credential.name()).isPresent()) {
                return false;
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO device_credentials (name, "
                    + "description, publish_filters, enabled, password_algorithm, password_iterations, "
                    + "password_salt, password_hash, created_at, last_used_at, adhoc_agents, mosquitto_hash) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, credential.name());
                insert.setString(2, credential.description());
                insert.setString(3, toJson(credential.publishFilters()));
                insert.setBoolean(4, credential.enabled());
                setPassword(insert, 5, password);
                Sql.setInstant(insert, 9, credential.createdAt());
                Sql.setInstant(insert, 10, credential.lastUsedAt());
                insert.setString(11, toJson(credential.adhocAgents()));
                insert.setString(12, mosquittoHash);
                return insert.executeUpdate() > 0;
            }
        });
    }

    boolean updatePassword(String name, StoredPassword password, String mosquittoHash) {
        return database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE device_credentials SET "
                    + "password_algorithm = ?, password_iterations = ?, password_salt = ?, password_hash = ?, "
                    + "mosquitto_hash = ? WHERE name = ?")) {
                setPassword(update, 1, password);
                update.setString(5, mosquittoHash);
                update.setString(6, name);
                return update.executeUpdate() > 0;
            }
        });
    }

    boolean setAdhocAgents(String name, List<String> agentIds) {
        return database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE device_credentials SET adhoc_agents = ? WHERE name = ?")) {
                update.setString(1, toJson(agentIds));
                update.setString(2, name);
                return update.executeUpdate() > 0;
            }
        });
    }

    boolean setEnabled(String name, boolean enabled) {
        return database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE device_credentials SET enabled = ? WHERE name = ?")) {
                update.setBoolean(1, enabled);
                update.setString(2, name);
                return update.executeUpdate() > 0;
            }
        });
    }

    /** Moves the last use forward only, so a late write cannot put it back. */
    void touch(String name, Instant usedAt) {
        database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE device_credentials SET "
                    + "last_used_at = ? WHERE name = ? AND (last_used_at IS NULL OR last_used_at < ?)")) {
                Sql.setInstant(update, 1, usedAt);
                update.setString(2, name);
                Sql.setInstant(update, 3, usedAt);
                return update.executeUpdate();
            }
        });
    }

    boolean delete(String name) {
        return database.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM device_credentials WHERE name = ?")) {
                delete.setString(1, name);
                return delete.executeUpdate() > 0;
            }
        });
    }

    List<StoredDevice> findAll() {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT * FROM device_credentials ORDER BY name");
                    ResultSet rows = query.executeQuery()) {
                List<StoredDevice> devices = new ArrayList<>();
                while (rows.next()) {
                    devices.add(device(rows));
                }
                return devices;
            }
        });
    }

    private static Optional<StoredDevice> find(Connection connection, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT * FROM device_credentials WHERE name = ?")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(device(rows)) : Optional.empty();
            }
        }
    }

    private static void setPassword(PreparedStatement statement, int index, StoredPassword password)
            throws SQLException {
        statement.setString(index, password.algorithm());
        statement.setInt(index + 1, password.iterations());
        statement.setBytes(index + 2, password.salt());
        statement.setBytes(index + 3, password.hash());
    }

    private static StoredDevice device(ResultSet rows) throws SQLException {
        String filters = rows.getString("publish_filters");
        DeviceCredential credential;
        try {
            credential = new DeviceCredential(rows.getString("name"), rows.getString("description"),
                    JSON.readValue(filters, FILTERS), JSON.readValue(rows.getString("adhoc_agents"), FILTERS),
                    rows.getBoolean("enabled"), Sql.instant(rows, "created_at"),
                    Sql.instant(rows, "last_used_at"));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new PersistenceException("stored device credential " + rows.getString("name")
                    + " is not valid: " + e.getMessage(), e);
        }
        return new StoredDevice(credential, new StoredPassword(rows.getString("password_algorithm"),
                rows.getInt("password_iterations"), rows.getBytes("password_salt"), rows.getBytes("password_hash")),
                rows.getString("mosquitto_hash"));
    }

    private static String toJson(List<String> filters) {
        try {
            return JSON.writeValueAsString(filters);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write publish filters as JSON", e);
        }
    }

    /**
     * A credential with its password hash, as stored.
     *
     * @param mosquittoHash the password in Mosquitto's {@code $7$} form; null when it was set before the console
     *                      kept one
     */
    record StoredDevice(DeviceCredential credential, StoredPassword password, String mosquittoHash) {
    }
}
