package io.taskrunner.console.service.jobs;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Fleet jobs: one task with parameters on many agents, rolled out at a rate, each agent's execution carried by a
 * task run. Everything is stored in H2; a restarted console carries on. Bad input is an
 * {@link IllegalArgumentException} whose message starts with the field (from {@link JobSpec}). Thread-safe;
 * listeners are called on the jobs thread or the caller's, never the UI thread.
 */
public interface JobService {
    /** Stores the job ({@code scheduled} when its start time is ahead, else {@code in_progress}) and starts it. */
    JobSnapshot create(JobSpec spec);

    /**
     * Stops the rollout and cancels the executions not started yet (sent ones are cancelled on the agent); running
     * executions go on and are still followed. Does nothing to a job that is over.
     */
    JobSnapshot cancel(UUID jobId);

    /** Like {@link #cancel}, and cancels the running executions on their agents too; also for a cancelled job. */
    JobSnapshot forceCancel(UUID jobId);

    /**
     * A new job with the same task, parameters and rules for the agents of {@code jobId} whose execution failed,
     * timed out, was rejected, or never started (queued, sent, or cancelled before it started).
     *
     * @throws IllegalArgumentException when the job is unknown or every agent's execution succeeded, runs or was removed
     */
    JobSnapshot rerun(UUID jobId);

    /** Every job, newest first. */
    List<JobSnapshot> jobs();

    Optional<JobSnapshot> job(UUID jobId);

    /** The executions of a job, in the order they were queued. */
    List<JobExecution> executions(UUID jobId);

    JobStatistics statistics(UUID jobId);

    AutoCloseable onJobChanged(Consumer<JobSnapshot> listener);

    AutoCloseable onExecutionChanged(Consumer<JobExecution> listener);
}
