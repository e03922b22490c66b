package io.taskrunner.protocol.definition.schedule;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a firing does while the schedule's previous run is still going: {@code skip} it, {@code queue} one run that
 * starts when the previous one finished (further firings meanwhile are skipped), or {@code run-parallel}.
 */
public enum OverlapPolicy {
    SKIP, QUEUE, RUN_PARALLEL;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
