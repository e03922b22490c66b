package io.taskrunner.console.service.files;

import io.taskrunner.console.persistence.Database;
import io.taskrunner.console.persistence.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Table {@code job_files}: one row per upload, keyed by id, unique by content and name. */
final class JobFileRepository {
    private final Database database;

    JobFileRepository(Database database) {
        this.database = database;
    }

    /** Stores {@code file} unless one of that content and name exists; returns whichever is stored. */
    StoredJobFile insertOrFind(StoredJobFile file) {
        return database.inTransaction(connection -> {
            Optional<StoredJobFile> existing = byContentAndName(connection, file.sha256(), file.name());
            if (existing.isPresent()) {
                return existing.get();
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO job_files (id, name, sha256, size_bytes, created_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setObject(1, file.id());
                insert.setString(2, file.name());
                insert.setString(3, file.sha256());
                insert.setLong(4, file.size());
                Sql.setInstant(insert, 5, file.createdAt());
                insert.executeUpdate();
            }
            return file;
        });
    }

    Optional<StoredJobFile> find(UUID id) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT * FROM job_files WHERE id = ?")) {
                query.setObject(1, id);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? Optional.of(file(rows)) : Optional.empty();
                }
            }
        });
    }

    boolean hasContent(String sha256) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT 1 FROM job_files WHERE sha256 = ? LIMIT 1")) {
                query.setString(1, sha256);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    List<StoredJobFile> all() {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT * FROM job_files ORDER BY created_at DESC, name");
                    ResultSet rows = query.executeQuery()) {
                List<StoredJobFile> files = new ArrayList<>();
                while (rows.next()) {
                    files.add(file(rows));
                }
                return files;
            }
        });
    }

    private static Optional<StoredJobFile> byContentAndName(Connection connection, String sha256, String name)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT * FROM job_files WHERE sha256 = ? AND name = ?")) {
            query.setString(1, sha256);
            query.setString(2, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(file(rows)) : Optional.empty();
            }
        }
    }

    private static StoredJobFile file(ResultSet rows) throws SQLException {
        return new StoredJobFile(rows.getObject("id", UUID.class), rows.getString("name"), rows.getString("sha256"),
                rows.getLong("size_bytes"), Sql.instant(rows, "created_at"));
    }
}
