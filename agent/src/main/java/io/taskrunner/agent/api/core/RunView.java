package io.taskrunner.agent.api.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.taskrunner.agent.engine.RunProgress;
import io.taskrunner.agent.engine.RunRecord;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.message.RunState;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A run as the API shows it, finished or not; times are epoch milliseconds. Parameters the task declares secret show
 * as {@code ***}; when the task is no longer defined, no parameters show at all.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunView(
        UUID runId,
        String task,
        String channel,
        String source,
        String state,
        int attempts,
        Integer exitCode,
        String error,
        Long acceptedAt,
        Long startedAt,
        Long finishedAt,
        Long durationMs,
        Long outputBytes,
        Boolean outputTruncated,
        JsonNode result,
        Map<String, Object> parameters,
        UUID mergedInto) {

    public static RunView of(RunRecord record, Optional<TaskDefinition> task) {
        return new RunView(record.runId(), record.task(), record.channel(), record.source(), record.state().wire(),
                record.attempts(), record.exitCode(), record.error(), record.acceptedAt(), record.startedAt(),
                record.finishedAt(), record.startedAt() == null ? null : record.finishedAt() - record.startedAt(),
                record.outputBytes(), record.outputTruncated(), record.result(), masked(record.parameters(), task),
                record.mergedInto());
    }

    public static RunView of(RunProgress run, Optional<TaskDefinition> task) {
        return new RunView(run.runId(), run.task(), run.channel(), run.source(), run.state().wire(), run.attempt(),
                null, null, run.acceptedAt(), null, null, null, null, null, null, masked(run.parameters(), task),
                run.mergedInto());
    }

    /** In a final state: succeeded, failed, timed out, cancelled, rejected or interrupted. */
    public boolean finished() {
        return !state.equals(RunState.QUEUED.wire()) && !state.equals(RunState.RUNNING.wire())
                && !state.equals(RunState.PENDING.wire());
    }

    private static Map<String, Object> masked(Map<String, Object> values, Optional<TaskDefinition> task) {
        if (task.isEmpty() || values == null) {
            return null;
        }
        Map<String, Object> shown = new LinkedHashMap<>();
        values.forEach((name, value) -> shown.put(name, task.get().parameters().stream()
                .anyMatch(spec -> spec.name().equals(name) && spec.secret()) ? "***" : value));
        return shown;
    }

    /** A declared parameter as {@code GET /tasks} lists it: the default of a secret parameter stays hidden. */
    public static ParameterSpec shown(ParameterSpec spec) {
        return spec.secret() && spec.defaultValue() != null ? new ParameterSpec(spec.name(), spec.type(),
                spec.description(), spec.required(), null, spec.pattern(), spec.min(), spec.max(), spec.values(), true)
                : spec;
    }
}
