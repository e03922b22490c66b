package io.taskrunner.protocol.definition.watchdog;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The severity an {@link AlertAction} raises; the same words as the alert message's severity (kept apart because
 * the message package already depends on the definitions).
 */
public enum AlertLevel {
    INFO, WARNING, CRITICAL;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
