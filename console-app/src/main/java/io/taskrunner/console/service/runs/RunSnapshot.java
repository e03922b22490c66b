package io.taskrunner.console.service.runs;

import io.taskrunner.protocol.message.RunState;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One run as stored in the console: a program run ({@code argv}) or a task run ({@code taskName}). Fields of a
 * later stage are {@code null} until it is reached.
 *
 * @param argv          the program and its arguments; empty for a task run
 * @param taskName      the task of a task run; {@code null} for a program run
 * @param parameters    the parameters of a task run, secret values shown as {@code ***}; empty for a program run
 * @param attempts      attempts started so far (retries included); 0 before the first
 * @param result        the task's structured result as JSON text (rows, HTTP response, script result), or null
 * @param channel       the agent queue the run waited in, once queued
 * @param runAt         when a delayed run may start, as reported by the agent
 * @param mergedInto    the equal run this one was merged into by a distinct channel
 * @param nextAttemptAt when the next attempt starts while the run is waiting to be retried, otherwise null
 * @param progressPercent the latest percent (0-100) the task reported, or null when it reported none
 * @param progressDetails the latest status text the task reported, or null
 * @param progressAt    when the agent sent the latest progress, or null before the first
 * @param group         the group of a run sent to any one agent of a group, otherwise null; {@code agentId} is null
 *                      until one of the group's agents reports the run, then it is that agent
 */
public record RunSnapshot(
        UUID runId,
        String agentId,
        List<String> argv,
        RunState state,
        Integer exitCode,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Long durationMs,
        long outputBytes,
        boolean outputTruncated,
        String error,
        String taskName,
        Map<String, Object> parameters,
        int attempts,
        String result,
        String channel,
        Instant runAt,
        UUID mergedInto,
        Instant nextAttemptAt,
        Integer progressPercent,
        String progressDetails,
        Instant progressAt,
        String group) {

    public RunSnapshot {
        argv = argv == null ? List.of() : List.copyOf(argv);
        parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** A run for one agent, without reported progress. */
    public RunSnapshot(UUID runId, String agentId, List<String> argv, RunState state, Integer exitCode,
            Instant createdAt, Instant startedAt, Instant finishedAt, Long durationMs, long outputBytes,
            boolean outputTruncated, String error, String taskName, Map<String, Object> parameters, int attempts,
            String result, String channel, Instant runAt, UUID mergedInto, Instant nextAttemptAt) {
        this(runId, agentId, argv, state, exitCode, createdAt, startedAt, finishedAt, durationMs, outputBytes,
                outputTruncated, error, taskName, parameters, attempts, result, channel, runAt, mergedInto,
                nextAttemptAt, null, null, null, null);
    }

    /** A program run, before any task fields existed. */
    public RunSnapshot(UUID runId, String agentId, List<String> argv, RunState state, Integer exitCode,
            Instant createdAt, Instant startedAt, Instant finishedAt, Long durationMs, long outputBytes,
            boolean outputTruncated, String error) {
        this(runId, agentId, argv, state, exitCode, createdAt, startedAt, finishedAt, durationMs, outputBytes,
                outputTruncated, error, null, null, 0, null, null, null, null, null);
    }

    /** A run sent to any one agent of {@link #group()}. */
    public boolean isGroupRun() {
        return group != null;
    }

    public boolean isTaskRun() {
        return taskName != null;
    }

    /** An attempt failed and the agent waits to try again ({@link #nextAttemptAt()}). */
    public boolean isRetrying() {
        return nextAttemptAt != null && !state.isFinal();
    }
}
