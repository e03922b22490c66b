package io.taskrunner.console.service.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of the audit log.
 *
 * @param id      the row's id, ascending in the order written (0 before it is stored)
 * @param details a JSON object with the action's parameters, secret values masked ({@code {}} when there are none)
 * @param outcome {@code ok}, or {@code failed: <reason>}
 */
public record AuditEntry(long id, Instant at, String actor, String action, String target, String details,
        String outcome) {

    public static final String OK = "ok";

    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        target = target == null ? "" : target;
        details = details == null || details.isBlank() ? "{}" : details;
        Objects.requireNonNull(outcome, "outcome");
    }

    public boolean succeeded() {
        return OK.equals(outcome);
    }
}
