package io.taskrunner.protocol.definition.schedule;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What happens to fire times that passed while the agent was stopped or the machine slept: {@code skip} drops
 * them (reported as missed), {@code run-once} runs once for the latest of them, {@code run-all} runs each of them,
 * at most {@link ScheduleDefinition#misfireLimit()} (the latest ones).
 */
public enum MisfirePolicy {
    SKIP, RUN_ONCE, RUN_ALL;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
