package io.taskrunner.console.service.alerts;

import io.taskrunner.console.persistence.Database;
import io.taskrunner.console.persistence.Sql;
import io.taskrunner.protocol.message.AlertRaised;
import io.taskrunner.protocol.message.AlertSeverity;
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

/** Incidents in H2. Raising an incident twice or recovering it twice changes nothing. */
public final class AlertRepository {
    private static final String COLUMNS = "incident_id, agent_id, rule_name, severity, message, raised_at, "
            + "recovered_at, recovery_message, acknowledged_at, acknowledged_by";
    private final Database database;

    public AlertRepository(Database database) {
        this.database = database;
    }

    /** Applies an agent's alert event inside the ingest transaction; returns the incident if it changed. */
    public Optional<AlertSnapshot> apply(Connection connection, String agentId, AlertRaised alert, Instant at)
            throws SQLException {
        if (!alert.recovered()) {
            return insertIfAbsent(connection, agentId, alert, at) ? find(connection, alert.incidentId())
                    : Optional.empty();
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE alerts SET recovered_at = ?, "
                + "recovery_message = ? WHERE incident_id = ? AND recovered_at IS NULL")) {
            Sql.setInstant(update, 1, at);
            update.setString(2, alert.message());
            update.setObject(3, alert.incidentId());
            if (update.executeUpdate() > 0) {
                return find(connection, alert.incidentId());
            }
        }
        // The raise never reached this console (its database is newer than the incident): keep the recovery.
        return insertIfAbsent(connection, agentId, alert, at) ? find(connection, alert.incidentId())
                : Optional.empty();
    }

    /** A new incident, raised at {@code at} (and recovered then too, for a recovery); false if it exists. */
    private static boolean insertIfAbsent(Connection connection, String agentId, AlertRaised alert, Instant at)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("MERGE INTO alerts (incident_id, agent_id, "
                + "rule_name, severity, message, raised_at, recovered_at, recovery_message) KEY (incident_id) "
                + "SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM alerts WHERE incident_id = ?)")) {
            insert.setObject(1, alert.incidentId());
            insert.setString(2, agentId);
            insert.setString(3, alert.rule());
            insert.setString(4, alert.severity().wire());
            insert.setString(5, alert.message());
            Sql.setInstant(insert, 6, at);
            Sql.setInstant(insert, 7, alert.recovered() ? at : null);
            insert.setString(8, alert.recovered() ? alert.message() : null);
            insert.setObject(9, alert.incidentId());
            return insert.executeUpdate() > 0;
        }
    }

    public Optional<AlertSnapshot> acknowledge(UUID incidentId, String operator, Instant at) {
        return database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE alerts SET acknowledged_at = ?, "
                    + "acknowledged_by = ? WHERE incident_id = ? AND acknowledged_at IS NULL")) {
                Sql.setInstant(update, 1, at);
                update.setString(2, operator);
                update.setObject(3, incidentId);
                return update.executeUpdate() > 0 ? find(connection, incidentId) : Optional.<AlertSnapshot>empty();
            }
        });
    }

    public List<AlertSnapshot> open() {
        return list("SELECT " + COLUMNS + " FROM alerts WHERE recovered_at IS NULL ORDER BY raised_at DESC", 10_000);
    }

    public List<AlertSnapshot> recent(int limit) {
        return list("SELECT " + COLUMNS + " FROM alerts ORDER BY raised_at DESC LIMIT ?", limit);
    }

    private List<AlertSnapshot> list(String sql, int limit) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                if (sql.endsWith("?")) {
                    query.setInt(1, limit);
                }
                List<AlertSnapshot> result = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next() && result.size() < limit) {
                        result.add(snapshot(rows));
                    }
                }
                return result;
            }
        });
    }

    private static Optional<AlertSnapshot> find(Connection connection, UUID incidentId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM alerts WHERE incident_id = ?")) {
            query.setObject(1, incidentId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(snapshot(rows)) : Optional.empty();
            }
        }
    }

    private static AlertSnapshot snapshot(ResultSet rows) throws SQLException {
        return new AlertSnapshot(rows.getObject("incident_id", UUID.class), rows.getString("agent_id"),
                rows.getString("rule_name"),
                AlertSeverity.valueOf(rows.getString("severity").toUpperCase(Locale.ROOT)),
                rows.getString("message"), Sql.instant(rows, "raised_at"), Sql.instant(rows, "recovered_at"),
                rows.getString("recovery_message"), Sql.instant(rows, "acknowledged_at"),
                rows.getString("acknowledged_by"));
    }
}
