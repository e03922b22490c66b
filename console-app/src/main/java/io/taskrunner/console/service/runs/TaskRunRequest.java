package io.taskrunner.console.service.runs;

import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.Definitions;
import io.taskrunner.protocol.definition.TaskDefinition;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * An operator's request to run a named task on one agent. Checked here so every caller gets the same errors
 * ({@link IllegalArgumentException} naming the field); the parameters are checked against the task's declarations
 * by {@link RunService#runTask} when the definition is given inline, otherwise by the agent.
 *
 * @param definition   run this definition instead of the agent's stored task of that name; {@code null} for the
 *                     stored one
 * @param parameters   values by parameter name: strings, numbers or booleans; leave a parameter out for its default
 * @param priority     higher runs first within the task's channel; -1000 to 1000
 * @param delaySeconds how long the agent waits before it starts the run; 0 to 30 days
 * @param file         a stored job file the agent fetches and verifies before the task starts; {@code null} for none
 */
public record TaskRunRequest(String task, TaskDefinition definition, Map<String, Object> parameters, int priority,
        int delaySeconds, UUID file) {

    public static final int MAX_PARAMETERS = 100;
    public static final int MAX_PRIORITY = 1000;
    public static final int MAX_DELAY_SECONDS = 30 * 24 * 3600;

    public TaskRunRequest {
        try {
            Definitions.checkName(task, "task");
        } catch (ProtocolException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (definition != null && !definition.name().equals(task)) {
            throw new IllegalArgumentException("definition.name: must equal the task '" + task + "', was '"
                    + definition.name() + "'");
        }
        parameters = copy(parameters);
        if (priority < -MAX_PRIORITY || priority > MAX_PRIORITY) {
            throw new IllegalArgumentException("priority: must be between -" + MAX_PRIORITY + " and " + MAX_PRIORITY
                    + ", was " + priority);
        }
        if (delaySeconds < 0 || delaySeconds > MAX_DELAY_SECONDS) {
            throw new IllegalArgumentException("delaySeconds: must be between 0 and " + MAX_DELAY_SECONDS + ", was "
                    + delaySeconds);
        }
    }

    /** Without a job file. */
    public TaskRunRequest(String task, TaskDefinition definition, Map<String, Object> parameters, int priority,
            int delaySeconds) {
        this(task, definition, parameters, priority, delaySeconds, null);
    }

    /** The same run with job file {@code fileId} ({@code null}: none). */
    public TaskRunRequest withFile(UUID fileId) {
        return new TaskRunRequest(task, definition, parameters, priority, delaySeconds, fileId);
    }

    /** The agent's stored task of that name, started at once with normal priority. */
    public static TaskRunRequest of(String task, Map<String, Object> parameters) {
        return new TaskRunRequest(task, null, parameters, 0, 0);
    }

    /** A definition sent along with the run, started at once with normal priority. */
    public static TaskRunRequest inline(TaskDefinition definition, Map<String, Object> parameters) {
        return new TaskRunRequest(definition.name(), definition, parameters, 0, 0);
    }

    private static Map<String, Object> copy(Map<String, Object> parameters) {
        if (parameters == null) {
            return Map.of();
        }
        if (parameters.size() > MAX_PARAMETERS) {
            throw new IllegalArgumentException("parameters: more than " + MAX_PARAMETERS + " values");
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        parameters.forEach((name, value) -> {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("parameters: a parameter name is missing");
            }
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                throw new IllegalArgumentException("parameters." + name + ": must be a string, a number or true/false"
                        + (value == null ? "; leave it out to use its default" : ", was "
                        + value.getClass().getSimpleName()));
            }
            copy.put(name, value);
        });
        return Collections.unmodifiableMap(copy);
    }
}
