package io.taskrunner.agent.watchdog;

import io.taskrunner.protocol.message.AlertSeverity;
import java.util.UUID;

/** An incident whose alert was raised and not yet closed; kept in the agent store across restarts. */
public record OpenIncident(UUID incidentId, String rule, AlertSeverity severity, String message, long openedAt) {
}
