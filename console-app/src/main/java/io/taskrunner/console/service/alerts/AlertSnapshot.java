package io.taskrunner.console.service.alerts;

import io.taskrunner.protocol.message.AlertSeverity;
import java.time.Instant;
import java.util.UUID;

/**
 * One incident as the console stores it.
 *
 * @param recoveredAt     when the agent reported it over, or {@code null} while it is open
 * @param acknowledgedAt  when an operator acknowledged it, or {@code null}
 */
public record AlertSnapshot(
        UUID incidentId,
        String agentId,
        String rule,
        AlertSeverity severity,
        String message,
        Instant raisedAt,
        Instant recoveredAt,
        String recoveryMessage,
        Instant acknowledgedAt,
        String acknowledgedBy) {

    public boolean isOpen() {
        return recoveredAt == null;
    }
}
