package io.taskrunner.console.service.jobs;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One agent's part of a job. Each attempt is carried by one task run ({@link #runId}); a retry gets a new run.
 *
 * @param runId         the run of the latest attempt; null before the first send
 * @param attempts      attempts sent so far
 * @param notifiedAt    when the latest attempt was sent; null before
 * @param startedAt     when the console learnt the latest attempt started; the in-progress timeout counts from here
 * @param finishedAt    when the execution reached its final state
 * @param durationMs    how long the final run took as the agent measured it; null when it never ran
 * @param statusDetails while in progress the status text the task reported last; at the end the agent's error or
 *                      exit code, or why the console ended the execution; null when none
 * @param progress      the percent (0-100) the task reported last for the latest attempt; null when none
 */
public record JobExecution(UUID jobId, String agentId, ExecutionState state, UUID runId, int attempts,
        Instant queuedAt, Instant notifiedAt, Instant startedAt, Instant finishedAt, Long durationMs,
        String statusDetails, Integer progress) {
    public JobExecution {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(state, "state");
    }

    /** The next attempt left the console as run {@code newRunId}. */
    JobExecution sent(UUID newRunId, Instant at) {
        return new JobExecution(jobId, agentId, ExecutionState.SENT, newRunId, attempts + 1, queuedAt, at, null, null,
                null, null, null);
    }

    JobExecution started(Instant at) {
        return new JobExecution(jobId, agentId, ExecutionState.IN_PROGRESS, runId, attempts, queuedAt, notifiedAt, at,
                null, null, statusDetails, null);
    }

    JobExecution ended(ExecutionState end, String details, Long duration, Instant at) {
        return new JobExecution(jobId, agentId, end, runId, attempts, queuedAt, notifiedAt, startedAt, at, duration,
                details, progress);
    }

    /** Back in the queue for another attempt (a retry, or an agent that matches a continuous job again). */
    JobExecution requeued(String details) {
        return new JobExecution(jobId, agentId, ExecutionState.QUEUED, runId, attempts, queuedAt, notifiedAt, null,
                null, null, details, null);
    }

    /** The running task reported how far it is; text it did not give keeps the status details as they were. */
    JobExecution progressed(Integer percent, String details) {
        return new JobExecution(jobId, agentId, state, runId, attempts, queuedAt, notifiedAt, startedAt, finishedAt,
                durationMs, details == null ? statusDetails : details, percent);
    }
}
