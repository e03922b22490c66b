package io.taskrunner.protocol.message;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.Definitions;
import io.taskrunner.protocol.definition.TaskDefinition;
import java.util.Map;
import java.util.UUID;

/**
 * Run a task by name with parameters. The agent checks the parameters against the task's declarations before it
 * queues anything; a failed check finishes the run as {@code rejected} naming the parameter.
 *
 * @param definition   optional: run this definition instead of the agent's stored task of that name
 * @param parameters   values by parameter name: strings, numbers or booleans
 * @param priority     higher runs first within a channel; -1000 to 1000, default 0
 * @param runAt        optional epoch milliseconds before which the run waits in its channel
 * @param delaySeconds optional wait from the moment the agent accepts the command
 * @param file         optional: a file the agent fetches and verifies before the task starts; the task finds its
 *                     path in {@code TASKRUNNER_FILE}
 */
public record RunTaskCommand(
        @JsonProperty(required = true) UUID runId,
        @JsonProperty(required = true) String task,
        TaskDefinition definition,
        Map<String, Object> parameters,
        int priority,
        Long runAt,
        int delaySeconds,
        JobFile file) implements MessageBody {

    public RunTaskCommand {
        Check.required(runId, "runId");
        Definitions.checkName(task, "task");
        if (definition != null && !definition.name().equals(task)) {
            throw new ProtocolException("definition.name", "must equal task '" + task + "', was '"
                    + definition.name() + "'");
        }
        parameters = parameters == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(Check.maxSize(parameters, 100, "parameters")));
        Check.range(priority, -1000, 1000, "priority");
        if (runAt != null) {
            Check.range(runAt, 0, Long.MAX_VALUE, "runAt");
        }
        Check.range(delaySeconds, 0, 30L * 24 * 3600, "delaySeconds");
    }

    public static RunTaskCommand of(UUID runId, String task, Map<String, Object> parameters) {
        return new RunTaskCommand(runId, task, null, parameters, 0, null, 0, null);
    }

    /** The same without a file (as before files existed). */
    public RunTaskCommand(UUID runId, String task, TaskDefinition definition, Map<String, Object> parameters,
            int priority, Long runAt, int delaySeconds) {
        this(runId, task, definition, parameters, priority, runAt, delaySeconds, null);
    }
}
