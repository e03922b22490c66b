package io.taskrunner.protocol.definition.watchdog;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.taskrunner.protocol.definition.Definitions;

/**
 * Restarts a supervised program, within its rule's restart budget and backoff.
 *
 * @param program the name of the {@code program} rule whose program to restart; {@code null}: this rule's own (only
 *                for a {@code program} rule)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RestartAction(String program) implements WatchdogAction {

    public RestartAction {
        if (program != null) {
            Definitions.checkName(program, "program");
        }
    }
}
