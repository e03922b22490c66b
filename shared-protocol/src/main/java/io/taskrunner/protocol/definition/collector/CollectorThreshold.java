package io.taskrunner.protocol.definition.collector;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.Condition;
import io.taskrunner.protocol.definition.Definitions;
import io.taskrunner.protocol.definition.watchdog.AlertLevel;
import java.util.Map;

/**
 * Acts when the collected values cross a line, e.g. {@code line_idle == 1} starts a maintenance task or
 * {@code temperature > 90} raises an alert. It fires once when {@code condition} starts to hold (and has held for
 * {@code forSeconds}) and re-arms when it stops holding, so a value that stays high does not start the task at
 * every poll. The task gets {@code parameters} and, for each of its declared parameters named like a value, that
 * value.
 *
 * @param task  the task to run; {@code null} for an alert only
 * @param alert the severity of the alert to raise; {@code null} for a task only
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CollectorThreshold(
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) Condition condition,
        long forSeconds,
        String task,
        Map<String, Object> parameters,
        AlertLevel alert) {

    public CollectorThreshold {
        Definitions.checkName(name, "name");
        Check.required(condition, "condition");
        Check.range(forSeconds, 0, 7L * 24 * 3600, "forSeconds");
        if (task != null) {
            Definitions.checkName(task, "task");
        }
        parameters = parameters == null ? Map.of() : Check.mapOf(parameters, 100, "parameters");
        if (task == null && !parameters.isEmpty()) {
            throw new ProtocolException("parameters", "are for the task; set task too");
        }
        if (task == null && alert == null) {
            throw new ProtocolException("task", "a threshold runs a task, raises an alert, or both: set task or alert");
        }
    }
}
