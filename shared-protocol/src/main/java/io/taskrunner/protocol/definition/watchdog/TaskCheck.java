package io.taskrunner.protocol.definition.watchdog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.definition.Definitions;
import java.util.Map;

/** Any task as a check: a run that succeeds (exit code 0) is healthy, any other end is a failure. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TaskCheck(
        @JsonProperty(required = true) String task,
        Map<String, Object> parameters) implements WatchdogCheck {

    public TaskCheck {
        Definitions.checkName(task, "task");
        parameters = parameters == null ? Map.of() : Check.mapOf(parameters, 100, "parameters");
    }
}
