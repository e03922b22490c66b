package io.taskrunner.console.service.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskrunner.console.persistence.Database;
import io.taskrunner.console.persistence.Sql;
import java.io.IOException;
import java.io.Writer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator audit log in H2: who did what, to which target, when, and how it ended. Services write it on every
 * operator action through {@link #perform} (synchronous actions) or {@link #track} (actions that complete later);
 * both take the actor from {@link Actor#current()} on the calling thread. Details must already be masked
 * ({@link SecretMask}). A row that cannot be written is logged and does not undo the action. Thread-safe.
 */
public final class AuditLog {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final int MAX_TARGET = 512;
    private static final int MAX_DETAILS = 16_384;
    private static final int MAX_OUTCOME = 1024;

    private final Database database;
    private final ObjectMapper json = new ObjectMapper();
    private final Clock clock;

    public AuditLog(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Runs {@code action} and records it, with its failure when it throws (which is rethrown). */
    public <T> T perform(String action, String target, Map<String, ?> details, Supplier<T> work) {
        String actor = Actor.current();
        try {
            T result = work.get();
            record(actor, action, target, details, AuditEntry.OK);
            return result;
        } catch (RuntimeException e) {
            record(actor, action, target, details, failed(e));
            throw e;
        }
    }

    /**
     * Like {@link #perform(String, String, Map, Supplier)}, for an action that creates its target: the target is
     * {@code targetOf} its result, or {@code failedTarget} when it throws.
     */
    public <T> T performCreating(String action, String failedTarget, Map<String, ?> details, Supplier<T> work,
            Function<T, String> targetOf) {
        String actor = Actor.current();
        T result;
        try {
            result = work.get();
        } catch (RuntimeException e) {
            record(actor, action, failedTarget, details, failed(e));
            throw e;
        }
        record(actor, action, targetOf.apply(result), details, AuditEntry.OK);
        return result;
    }

    /** Records {@code action} when {@code work} completes, as ok or failed; returns {@code work}. */
    public <T> CompletableFuture<T> track(String action, String target, Map<String, ?> details,
            CompletableFuture<T> work) {
        String actor = Actor.current();
        work.whenComplete((result, error) -> record(actor, action, target, details,
                error == null ? AuditEntry.OK : failed(error)));
        return work;
    }

    /** Like {@link #track}, for work that may also throw before it returns its future. */
    public <T> CompletableFuture<T> trackAsync(String action, String target, Map<String, ?> details,
            Supplier<CompletableFuture<T>> work) {
        String actor = Actor.current();
        CompletableFuture<T> started;
        try {
            started = work.get();
        } catch (RuntimeException e) {
            record(actor, action, target, details, failed(e));
            throw e;
        }
        started.whenComplete((result, error) -> record(actor, action, target, details,
                error == null ? AuditEntry.OK : failed(error)));
        return started;
    }

    /** Writes one row now; returns it with its id (id 0 when it could not be written, which is logged). */
    public AuditEntry record(String actor, String action, String target, Map<String, ?> details, String outcome) {
        AuditEntry entry = new AuditEntry(0, clock.instant(), actor, action, truncate(target, MAX_TARGET),
                toJson(details), truncate(outcome, MAX_OUTCOME));
        try {
            long id = database.inTransaction(connection -> {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO audit_log (at, actor, action,"
                        + " target, details, outcome) VALUES (?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                    Sql.setInstant(insert, 1, entry.at());
                    insert.setString(2, entry.actor());
                    insert.setString(3, entry.action());
                    insert.setString(4, entry.target());
                    insert.setString(5, entry.details());
                    insert.setString(6, entry.outcome());
                    insert.executeUpdate();
                    try (ResultSet keys = insert.getGeneratedKeys()) {
                        keys.next();
                        return keys.getLong(1);
                    }
                }
            });
            return new AuditEntry(id, entry.at(), entry.actor(), entry.action(), entry.target(), entry.details(),
                    entry.outcome());
        } catch (RuntimeException e) {
            LOG.error("cannot write the audit row for {} {} by {}", action, target, actor, e);
            return entry;
        }
    }

    /** The rows {@code filter} selects, newest first, at most {@code filter.limit()}. */
    public List<AuditEntry> list(AuditFilter filter) {
        StringBuilder sql = new StringBuilder("SELECT * FROM audit_log WHERE 1 = 1");
        List<Object> arguments = new ArrayList<>();
        if (filter.from() != null) {
            sql.append(" AND at >= ?");
            arguments.add(filter.from());
        }
        if (filter.to() != null) {
            sql.append(" AND at < ?");
            arguments.add(filter.to());
        }
        if (filter.actor() != null) {
            sql.append(" AND actor = ?");
            arguments.add(filter.actor());
        }
        if (filter.action() != null) {
            sql.append(" AND action = ?");
            arguments.add(filter.action());
        }
        if (filter.target() != null) {
            sql.append(" AND LOWER(target) LIKE ? ESCAPE '\\'");
            arguments.add("%" + filter.target().toLowerCase(Locale.ROOT).replace("\\", "\\\\")
                    .replace("%", "\\%").replace("_", "\\_") + "%");
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        arguments.add(filter.limit());
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(sql.toString())) {
                for (int i = 0; i < arguments.size(); i++) {
                    Object argument = arguments.get(i);
                    if (argument instanceof Instant instant) {
                        Sql.setInstant(query, i + 1, instant);
                    } else {
                        query.setObject(i + 1, argument);
                    }
                }
                List<AuditEntry> entries = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        entries.add(new AuditEntry(rows.getLong("id"), Sql.instant(rows, "at"),
                                rows.getString("actor"), rows.getString("action"), rows.getString("target"),
                                rows.getString("details"), rows.getString("outcome")));
                    }
                }
                return entries;
            }
        });
    }

    /** Writes the rows {@code filter} selects as RFC 4180 CSV (header row, CRLF), oldest first. */
    public void exportCsv(Writer out, AuditFilter filter) throws IOException {
        List<AuditEntry> entries = new ArrayList<>(list(filter));
        Collections.reverse(entries);
        AuditCsv.write(out, entries);
    }

    private String toJson(Map<String, ?> details) {
        if (details == null || details.isEmpty()) {
            return "{}";
        }
        try {
            String text = json.writeValueAsString(details);
            // cut whole, so the column always holds valid JSON
            return text.length() <= MAX_DETAILS ? text : "{\"truncated\":true}";
        } catch (JsonProcessingException e) {
            return "{\"unreadable\":\"" + e.getOriginalMessage().replace("\"", "'") + "\"}";
        }
    }

    private static String failed(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return "failed: " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max - 1) + "…";
    }
}
