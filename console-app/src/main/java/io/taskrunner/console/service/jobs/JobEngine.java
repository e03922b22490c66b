package io.taskrunner.console.service.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does a job's time-based work on each {@link #tick()}: starts scheduled jobs, applies the end time, follows a
 * continuous job's targets, times out executions, applies the abort rule, sends queued executions within the
 * rollout rate and maintenance windows, and completes jobs. Everything it knows is in H2, so a restarted console
 * carries on where it stopped. Run events and agents coming online are handled by {@link ExecutionTracker}.
 * Thread-safe: every entry point holds the engine's lock.
 */
final class JobEngine {
    private static final Logger LOG = LoggerFactory.getLogger(JobEngine.class);
    static final Duration RATE_WINDOW = Duration.ofMinutes(1);

    private final JobRepository repository;
    private final JobTargets targets;
    private final ExecutionTracker tracker;
    private final JobEvents events;
    private final Clock clock;

    JobEngine(JobRepository repository, JobTargets targets, ExecutionTracker tracker, JobEvents events, Clock clock) {
        this.repository = repository;
        this.targets = targets;
        this.tracker = tracker;
        this.events = events;
        this.clock = clock;
    }

    synchronized JobSnapshot create(JobSpec spec, UUID rerunOf) {
        Instant now = clock.instant();
        Set<String> agents = targets.resolve(spec.targets());
        boolean later = spec.startAt() != null && spec.startAt().isAfter(now);
        JobSnapshot job = new JobSnapshot(UUID.randomUUID(), spec, later ? JobState.SCHEDULED : JobState.IN_PROGRESS,
                now, later ? null : now, null, false, null, rerunOf);
        repository.insert(job, agents);
        LOG.info("job {} created for task '{}' on {} agents ({})", job.jobId(), spec.task(), agents.size(),
                job.state().wire());
        events.jobChanged(job);
        return advance(job, now);
    }

    synchronized void tick() {
        Instant now = clock.instant();
        for (JobSnapshot job : repository.open()) {
            try {
                advance(job, now);
            } catch (RuntimeException e) {
                // one broken job must not stop the others; it is tried again on the next tick
                LOG.warn("job {} could not advance", job.jobId(), e);
            }
        }
    }

    /** Cancels a job: executions not sent yet and sent ones not started end; with {@code force} running ones too. */
    synchronized JobSnapshot cancel(UUID jobId, boolean force, String reason) {
        JobSnapshot job = repository.find(jobId).orElseThrow(() -> new IllegalArgumentException("unknown job "
                + jobId));
        if (job.state() == JobState.COMPLETED || (job.state() == JobState.CANCELLED && !force)) {
            return job;
        }
        Instant now = clock.instant();
        for (JobExecution execution : repository.executions(jobId)) {
            if (execution.state() == ExecutionState.QUEUED || execution.state() == ExecutionState.SENT
                    || (force && execution.state() == ExecutionState.IN_PROGRESS)) {
                tracker.cancel(execution, reason, now);
            }
        }
        JobSnapshot cancelled = job.over(JobState.CANCELLED, reason, now);
        save(cancelled);
        LOG.info("job {} cancelled{}: {}", jobId, force ? " (forced)" : "", reason);
        return cancelled;
    }

    private JobSnapshot advance(JobSnapshot job, Instant now) {
        if (job.state() == JobState.SCHEDULED) {
            if (job.spec().startAt() != null && now.isBefore(job.spec().startAt())) {
                return job;
            }
            job = save(job.started(now));
        }
        JobSpec spec = job.spec();
        if (job.state() == JobState.IN_PROGRESS && spec.endAt() != null && !now.isBefore(spec.endAt())
                && !job.rolloutStopped()) {
            if (spec.endBehaviour() == JobSpec.EndBehaviour.CANCEL) {
                return cancel(job.jobId(), false, "end time " + spec.endAt() + " reached");
            }
            job = save(job.rolloutStopped("end time " + spec.endAt() + " reached; rollout stopped"));
        }
        if (job.state() == JobState.IN_PROGRESS && spec.targetMode() == JobSpec.TargetMode.CONTINUOUS
                && !job.rolloutStopped()) {
            followTargets(job, now);
        }
        timeOut(job, now);
        if (job.state() != JobState.IN_PROGRESS) {
            return job;
        }
        List<JobExecution> executions = repository.executions(job.jobId());
        if (spec.abort() != null) {
            long failures = executions.stream().filter(execution -> execution.state().isFailure()).count();
            long ended = failures + executions.stream()
                    .filter(execution -> execution.state() == ExecutionState.SUCCEEDED).count();
            if (spec.abort().triggers(failures, ended)) {
                return cancel(job.jobId(), false, String.format(Locale.ROOT, "aborted: %d of %d ended "
                        + "executions failed, timed out or were rejected (more than %s %%)", failures, ended,
                        spec.abort().failureSharePercent()));
            }
        }
        if (!job.rolloutStopped() && spec.inMaintenanceWindow(now)) {
            rollOut(job, executions, now);
        }
        return completeIfDone(job.jobId());
    }

    /** Adds executions for agents that match now; a queued one whose agent no longer matches is removed. */
    private void followTargets(JobSnapshot job, Instant now) {
        Set<String> matching = targets.resolve(job.spec().targets());
        Map<String, JobExecution> existing = new HashMap<>();
        repository.executions(job.jobId()).forEach(execution -> existing.put(execution.agentId(), execution));
        List<String> added = matching.stream().filter(agent -> !existing.containsKey(agent)).toList();
        if (!added.isEmpty()) {
            repository.addExecutions(job.jobId(), added, now);
            LOG.info("job {} reaches {} more agents: {}", job.jobId(), added.size(), added);
            repository.executions(job.jobId()).stream().filter(execution -> added.contains(execution.agentId()))
                    .forEach(events::executionChanged);
        }
        for (JobExecution execution : existing.values()) {
            boolean matches = matching.contains(execution.agentId());
            if (!matches && execution.state() == ExecutionState.QUEUED) {
                tracker.save(execution.ended(ExecutionState.REMOVED, "no longer a target of the job", null, now));
            } else if (matches && execution.state() == ExecutionState.REMOVED) {
                tracker.save(execution.requeued("a target of the job again"));
            }
        }
    }

    private void timeOut(JobSnapshot job, Instant now) {
        int seconds = job.spec().inProgressTimeoutSeconds();
        if (seconds == 0) {
            return;
        }
        for (JobExecution execution : repository.executions(job.jobId())) {
            if (execution.state() == ExecutionState.IN_PROGRESS && execution.startedAt() != null
                    && !now.isBefore(execution.startedAt().plusSeconds(seconds))) {
                tracker.timedOut(job, execution, now);
            }
        }
    }

    /** Sends as many queued executions as the rate allows: the rate minus those sent in the last minute. */
    private void rollOut(JobSnapshot job, List<JobExecution> executions, Instant now) {
        List<JobExecution> queued = executions.stream()
                .filter(execution -> execution.state() == ExecutionState.QUEUED).toList();
        if (queued.isEmpty()) {
            return;
        }
        long allowance = allowance(job, executions, now);
        for (int i = 0; i < Math.min(allowance, queued.size()); i++) {
            tracker.send(job, queued.get(i), now);
        }
    }

    private static long allowance(JobSnapshot job, List<JobExecution> executions, Instant now) {
        long notified = executions.stream().filter(execution -> execution.attempts() > 0).count();
        long succeeded = executions.stream().filter(execution -> execution.state() == ExecutionState.SUCCEEDED)
                .count();
        Instant windowStart = now.minus(RATE_WINDOW);
        long recent = executions.stream().filter(execution -> execution.notifiedAt() != null
                && execution.notifiedAt().isAfter(windowStart)).count();
        return job.spec().rollout().currentRate(notified, succeeded) - recent;
    }

    /**
     * An agent's {@code $next}: its oldest sent execution that it has not queued is sent again; when there is none,
     * its oldest queued execution is sent ahead of the job's other queued ones, if the job's rate, maintenance
     * windows and rollout allow one more now. Returns the execution sent, or empty.
     */
    synchronized Optional<JobExecution> next(String agentId) {
        Optional<JobExecution> resent = tracker.resendOldestPending(agentId);
        if (resent.isPresent()) {
            return resent;
        }
        Instant now = clock.instant();
        for (JobExecution execution : repository.executionsOf(agentId, ExecutionState.QUEUED)) {
            JobSnapshot job = repository.find(execution.jobId()).orElseThrow();
            if (job.state() == JobState.IN_PROGRESS && !job.rolloutStopped() && job.spec().inMaintenanceWindow(now)
                    && allowance(job, repository.executions(job.jobId()), now) > 0) {
                return Optional.of(tracker.send(job, execution, now));
            }
        }
        return Optional.empty();
    }

    /**
     * Completes a rolling-out job once nothing is sent or running and nothing waits to be sent (a snapshot job), or
     * once its rollout stopped.
     */
    synchronized JobSnapshot completeIfDone(UUID jobId) {
        JobSnapshot job = repository.find(jobId).orElseThrow();
        if (job.state() != JobState.IN_PROGRESS) {
            return job;
        }
        // called after every execution change: two index look-ups, never a read of all the job's executions
        boolean running = repository.anyExecutionIn(jobId, ExecutionState.SENT, ExecutionState.IN_PROGRESS);
        boolean waiting = repository.anyExecutionIn(jobId, ExecutionState.QUEUED);
        boolean mayGrow = job.spec().targetMode() == JobSpec.TargetMode.CONTINUOUS;
        if (running || (!job.rolloutStopped() && (waiting || mayGrow))) {
            return job;
        }
        LOG.info("job {} completed", jobId);
        return save(job.over(JobState.COMPLETED, null, clock.instant()));
    }

    private JobSnapshot save(JobSnapshot job) {
        repository.update(job);
        events.jobChanged(job);
        return job;
    }
}
