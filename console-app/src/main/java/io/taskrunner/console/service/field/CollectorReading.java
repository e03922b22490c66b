package io.taskrunner.console.service.field;

import java.time.Instant;
import java.util.Map;

/**
 * One poll of a collector as the console received it.
 *
 * @param values by value name; empty when the poll failed
 * @param error  why the poll failed; {@code null} when it worked
 */
public record CollectorReading(String agentId, String collector, Instant at, Map<String, Object> values,
        String error) {

    public CollectorReading {
        values = Map.copyOf(values);
    }

    public boolean failed() {
        return error != null;
    }
}
