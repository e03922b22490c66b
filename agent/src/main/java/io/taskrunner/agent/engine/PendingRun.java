package io.taskrunner.agent.engine;

import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.message.JobFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An accepted run that has not finished, as kept in the agent store: enough to run it again after a restart.
 *
 * @param definition  the inline definition it was submitted with, or {@code null} for the stored task
 * @param parameters  the validated values (checked again before each attempt: the task may have changed)
 * @param notBefore   epoch milliseconds before which it waits (delay, runAt, or retry backoff)
 * @param attempt     the attempt that runs next (1 for the first)
 * @param running     an attempt has started and not finished; after a crash such a run is interrupted
 * @param merged      runs of a distinct channel merged into this one; they finish with it
 * @param pid         the process of the running attempt, 0 when none; with {@code processStart} (epoch ms) it
 *                    tells after a crash whether that very process is still alive
 * @param file        the job file each attempt fetches (or finds cached) and verifies before the task, or null
 */
record PendingRun(
        UUID runId,
        UUID commandId,
        String task,
        TaskDefinition definition,
        Map<String, Object> parameters,
        String channel,
        int priority,
        long notBefore,
        long acceptedAt,
        int attempt,
        boolean running,
        String distinctKey,
        List<UUID> merged,
        String source,
        long pid,
        long processStart,
        JobFile file) {

    PendingRun {
        parameters = parameters == null ? Map.of() : parameters;
        merged = merged == null ? List.of() : List.copyOf(merged);
    }

    PendingRun asRunning() {
        return new PendingRun(runId, commandId, task, definition, parameters, channel, priority, notBefore, acceptedAt,
                attempt, true, distinctKey, merged, source, 0, 0, file);
    }

    PendingRun nextAttemptAt(long at) {
        return new PendingRun(runId, commandId, task, definition, parameters, channel, priority, at, acceptedAt,
                attempt + 1, false, null, merged, source, 0, 0, file);
    }

    PendingRun withProcess(long processId, long startedAtMillis) {
        return new PendingRun(runId, commandId, task, definition, parameters, channel, priority, notBefore, acceptedAt,
                attempt, running, distinctKey, merged, source, processId, startedAtMillis, file);
    }

    /** The same run with other parameter values, such as masked ones for the history. */
    PendingRun withParameters(Map<String, Object> values) {
        return new PendingRun(runId, commandId, task, definition, values, channel, priority, notBefore, acceptedAt,
                attempt, running, distinctKey, merged, source, pid, processStart, file);
    }

    PendingRun withMerged(UUID other) {
        List<UUID> all = new ArrayList<>(merged);
        all.add(other);
        return withMergedRuns(all);
    }

    PendingRun withoutMerged(UUID other) {
        List<UUID> rest = new ArrayList<>(merged);
        rest.remove(other);
        return withMergedRuns(rest);
    }

    private PendingRun withMergedRuns(List<UUID> runs) {
        return new PendingRun(runId, commandId, task, definition, parameters, channel, priority, notBefore,
                acceptedAt, attempt, running, distinctKey, runs, source, pid, processStart, file);
    }
}
