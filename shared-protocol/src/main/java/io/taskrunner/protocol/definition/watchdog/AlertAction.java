package io.taskrunner.protocol.definition.watchdog;

/** Raises the incident's alert (once per incident), to the console and the rule's {@link AlertTargets}. */
public record AlertAction(AlertLevel severity) implements WatchdogAction {

    public AlertAction {
        severity = severity == null ? AlertLevel.CRITICAL : severity;
    }
}
