package io.taskrunner.protocol.definition.watchdog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.definition.Definitions;
import java.util.Map;

/** Runs a task (logged in the run history like any run; its source is {@code watchdog}). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RunTaskAction(
        @JsonProperty(required = true) String task,
        Map<String, Object> parameters) implements WatchdogAction {

    public RunTaskAction {
        Definitions.checkName(task, "task");
        parameters = parameters == null ? Map.of() : Check.mapOf(parameters, 100, "parameters");
    }
}
