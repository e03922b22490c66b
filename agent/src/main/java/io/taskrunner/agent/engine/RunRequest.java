package io.taskrunner.agent.engine;

import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.message.JobFile;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Someone wants a task run: the console, a schedule, a trigger or the command line.
 *
 * @param commandId  the console command that asked, or {@code null}
 * @param definition an inline definition to run instead of the stored task of that name, or {@code null}
 * @param runAt      epoch milliseconds before which the run waits, or {@code null}
 * @param source     who asked, for history and logs (console, cli, schedule, trigger)
 * @param file       a job file to fetch and verify before the task starts, or {@code null}
 */
public record RunRequest(
        UUID runId,
        UUID commandId,
        String task,
        TaskDefinition definition,
        Map<String, ?> parameters,
        int priority,
        Long runAt,
        int delaySeconds,
        String source,
        JobFile file) {

    public RunRequest {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(task, "task");
        parameters = parameters == null ? Map.of() : parameters;
        source = source == null ? "unknown" : source;
    }

    /** Without a job file. */
    public RunRequest(UUID runId, UUID commandId, String task, TaskDefinition definition, Map<String, ?> parameters,
            int priority, Long runAt, int delaySeconds, String source) {
        this(runId, commandId, task, definition, parameters, priority, runAt, delaySeconds, source, null);
    }

    public static RunRequest of(String task, Map<String, ?> parameters, String source) {
        return new RunRequest(UUID.randomUUID(), null, task, null, parameters, 0, null, 0, source);
    }
}
