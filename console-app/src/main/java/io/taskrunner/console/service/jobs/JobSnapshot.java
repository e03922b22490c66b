package io.taskrunner.console.service.jobs;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One job as stored.
 *
 * @param startedAt      when it went {@code in_progress}; null while scheduled
 * @param finishedAt     when it completed or was cancelled; null before
 * @param rolloutStopped no more executions are sent (end time with stop-rollout, or the job is over)
 * @param reason         why it was cancelled or stopped (operator, abort rule, end time); null otherwise
 * @param rerunOf        the job this one re-runs; null for an original job
 */
public record JobSnapshot(UUID jobId, JobSpec spec, JobState state, Instant createdAt, Instant startedAt,
        Instant finishedAt, boolean rolloutStopped, String reason, UUID rerunOf) {
    public JobSnapshot {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(state, "state");
    }

    JobSnapshot started(Instant at) {
        return new JobSnapshot(jobId, spec, JobState.IN_PROGRESS, createdAt, at, null, false, null, rerunOf);
    }

    JobSnapshot rolloutStopped(String why) {
        return new JobSnapshot(jobId, spec, state, createdAt, startedAt, finishedAt, true, why, rerunOf);
    }

    JobSnapshot over(JobState end, String why, Instant at) {
        return new JobSnapshot(jobId, spec, end, createdAt, startedAt, finishedAt == null ? at : finishedAt, true,
                why == null ? reason : why, rerunOf);
    }
}
