package io.taskrunner.console.service.certificates;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.taskrunner.console.persistence.Database;
import io.taskrunner.console.persistence.Sql;
import io.taskrunner.console.service.pki.RevocationReason;
import io.taskrunner.console.service.pki.RevokedCertificate;

/** Issued and revoked agent certificates in H2 ({@code issued_certificates}, {@code revoked_certificates}). */
final class CertificateRepository {
    private final Database database;

    CertificateRepository(Database database) {
        this.database = database;
    }

    void saveIssued(String agentId, X509Certificate certificate, Instant issuedAt) {
        database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("MERGE INTO issued_certificates "
                    + "(serial, agent_id, not_after, issued_at) KEY (serial) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, certificate.getSerialNumber().toString(16));
                insert.setString(2, agentId);
                Sql.setInstant(insert, 3, certificate.getNotAfter().toInstant());
                Sql.setInstant(insert, 4, issuedAt);
                return insert.executeUpdate();
            }
        });
    }

    /** The serials of every certificate recorded as issued to {@code agentId}. */
    List<BigInteger> issuedSerials(String agentId) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT serial FROM issued_certificates WHERE agent_id = ? ORDER BY issued_at")) {
                query.setString(1, agentId);
                try (ResultSet rows = query.executeQuery()) {
                    List<BigInteger> serials = new ArrayList<>();
                    while (rows.next()) {
                        serials.add(new BigInteger(rows.getString(1), 16));
                    }
                    return serials;
                }
            }
        });
    }

    /** Stores the revocations not stored yet, in one transaction; returns those that were new. */
    List<RevokedCertificate> saveRevoked(List<RevokedCertificate> revocations) {
        return database.inTransaction(connection -> {
            List<RevokedCertificate> added = new ArrayList<>();
            for (RevokedCertificate revocation : revocations) {
                if (insertRevoked(connection, revocation)) {
                    added.add(revocation);
                }
            }
            return added;
        });
    }

    List<RevokedCertificate> revoked() {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT serial, agent_id, reason, revoked_at FROM revoked_certificates");
                    ResultSet rows = query.executeQuery()) {
                List<RevokedCertificate> revoked = new ArrayList<>();
                while (rows.next()) {
                    revoked.add(new RevokedCertificate(new BigInteger(rows.getString("serial"), 16),
                            rows.getString("agent_id"),
                            RevocationReason.fromStoredName(rows.getString("reason"))
                                    .orElse(RevocationReason.AGENT_REMOVED),
                            Sql.instant(rows, "revoked_at")));
                }
                return revoked;
            }
        });
    }

    /** Agents an operator removed and did not enrol again. */
    List<String> removedAgents() {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT agent_id FROM agents WHERE removed_at IS NOT NULL");
                    ResultSet rows = query.executeQuery()) {
                List<String> removed = new ArrayList<>();
                while (rows.next()) {
                    removed.add(rows.getString(1));
                }
                return removed;
            }
        });
    }

    private static boolean insertRevoked(Connection connection, RevokedCertificate revocation) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("MERGE INTO revoked_certificates "
                + "(serial, agent_id, reason, revoked_at) KEY (serial) SELECT ?, ?, ?, ? "
                + "WHERE NOT EXISTS (SELECT 1 FROM revoked_certificates WHERE serial = ?)")) {
            insert.setString(1, revocation.serialHex());
            insert.setString(2, revocation.agentId());
            insert.setString(3, revocation.reason().storedName());
            Sql.setInstant(insert, 4, revocation.revokedAt());
            insert.setString(5, revocation.serialHex());
            return insert.executeUpdate() > 0;
        }
    }
}
