package io.taskrunner.agent.alert;

import io.taskrunner.protocol.definition.watchdog.AlertTargets;
import io.taskrunner.protocol.message.AlertRaised;
import java.time.Instant;

/** One alert (or recovery) on its way to a rule's webhook and mail addresses, with when it was raised. */
record AlertMessage(String agentId, AlertRaised alert, AlertTargets targets, Instant raisedAt) {
}
