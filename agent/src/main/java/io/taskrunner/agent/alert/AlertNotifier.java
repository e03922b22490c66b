package io.taskrunner.agent.alert;

import io.taskrunner.protocol.definition.watchdog.AlertTargets;
import io.taskrunner.protocol.message.AlertRaised;

/**
 * Sends an alert (or its recovery) to the places a rule names besides the console: a webhook and email. The console
 * gets every alert through the event log; this is only the extra way out. Never blocks the caller for network I/O
 * and never throws for a failed delivery (it is retried and logged).
 */
public interface AlertNotifier {
    AlertNotifier NONE = (alert, targets) -> { };

    void notify(AlertRaised alert, AlertTargets targets);
}
