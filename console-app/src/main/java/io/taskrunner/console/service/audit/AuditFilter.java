package io.taskrunner.console.service.audit;

import java.time.Instant;

/**
 * Which audit rows to list; every part is optional ({@code null}: any). {@code from} is inclusive, {@code to}
 * exclusive; {@code actor} and {@code action} match exactly, {@code target} as a case-insensitive substring.
 */
public record AuditFilter(Instant from, Instant to, String actor, String action, String target, int limit) {
    public static final int DEFAULT_LIMIT = 1000;
    public static final int MAX_LIMIT = 100_000;

    public AuditFilter {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to, was " + from + " .. " + to);
        }
        if (limit < 0 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 0 and " + MAX_LIMIT + ", was " + limit);
        }
        limit = limit == 0 ? DEFAULT_LIMIT : limit;
        actor = blankToNull(actor);
        action = blankToNull(action);
        target = blankToNull(target);
    }

    public static AuditFilter all() {
        return new AuditFilter(null, null, null, null, null, 0);
    }

    public AuditFilter between(Instant newFrom, Instant newTo) {
        return new AuditFilter(newFrom, newTo, actor, action, target, limit);
    }

    public AuditFilter byActor(String newActor) {
        return new AuditFilter(from, to, newActor, action, target, limit);
    }

    public AuditFilter byAction(String newAction) {
        return new AuditFilter(from, to, actor, newAction, target, limit);
    }

    public AuditFilter byTarget(String newTarget) {
        return new AuditFilter(from, to, actor, action, newTarget, limit);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
