package io.taskrunner.console.persistence;

import io.taskrunner.protocol.security.KeyFile;
import io.taskrunner.protocol.security.SecretBox;
import io.taskrunner.protocol.security.SecretBoxException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The console's H2 file database, migrated by Flyway on open, with the {@link SecretBox} that repositories seal
 * secret values with before they reach a table.
 */
public final class Database implements AutoCloseable {
    private static final String KEY_CHECK_PURPOSE = "console-key-check";
    private static final String KEY_CHECK_TEXT = "taskrunner";

    private final JdbcConnectionPool pool;
    private final SecretBox secrets;

    private Database(JdbcConnectionPool pool, SecretBox secrets) {
        this.pool = pool;
        this.secrets = secrets;
    }

    /**
     * Opens {@code <dir>/console.mv.db} with the key file {@code <dir>/secret.key} (created if missing): for tests
     * and tools. The console itself keeps the key outside the database folder ({@link #open(Path, SecretBox)}).
     */
    public static Database open(Path dir) {
        return open(dir, KeyFile.loadOrCreate(dir.resolve(KeyFile.FILE_NAME)));
    }

    /**
     * Opens (creating if needed) {@code <dir>/console.mv.db}, applies pending migrations and checks that
     * {@code secrets} holds the key the database's secrets were sealed with.
     *
     * @throws PersistenceException if the database cannot be opened or migrated, or was sealed with another key
     */
    public static Database open(Path dir, SecretBox secrets) {
        String url = "jdbc:h2:file:" + dir.resolve("console").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "taskrunner", "");
        pool.setMaxConnections(16);
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            pool.dispose();
            throw new PersistenceException("cannot open or migrate the console database in " + dir, e);
        }
        Database database = new Database(pool, secrets);
        try {
            database.checkKey();
        } catch (RuntimeException e) {
            pool.dispose();
            throw e;
        }
        return database;
    }

    public DataSource dataSource() {
        return pool;
    }

    /** Seals and opens the secret values repositories store (datasource passwords, secret job parameters). */
    public SecretBox secrets() {
        return secrets;
    }

    /** The first open stores a value sealed with the key; later opens must be able to open it. */
    private void checkKey() {
        inTransaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT sealed FROM secret_key_check WHERE id = 1");
                    ResultSet rows = query.executeQuery()) {
                if (rows.next()) {
                    try {
                        secrets.open(KEY_CHECK_PURPOSE, rows.getString(1));
                    } catch (SecretBoxException e) {
                        throw new PersistenceException("the console's secret key file is not the one this database's "
                                + "secrets were encrypted with; restore the data folder's secret.key from the same "
                                + "backup as the database", e);
                    }
                    return null;
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO secret_key_check (id, sealed) VALUES (1, ?)")) {
                insert.setString(1, secrets.seal(KEY_CHECK_PURPOSE, KEY_CHECK_TEXT));
                insert.executeUpdate();
            }
            return null;
        });
    }

    public <T> T inTransaction(SqlWork<T> work) {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new PersistenceException("database error: " + e.getMessage(), e);
        }
    }

    public <T> T read(SqlWork<T> work) {
        try (Connection connection = pool.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new PersistenceException("database error: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        pool.dispose();
    }

    /** A unit of JDBC work. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }
}
