package io.taskrunner.console.viewmodel;

import io.taskrunner.console.service.desired.Target;
import io.taskrunner.console.service.jobs.ExecutionState;
import io.taskrunner.console.service.jobs.JobExecution;
import io.taskrunner.console.service.jobs.JobService;
import io.taskrunner.console.service.jobs.JobSnapshot;
import io.taskrunner.console.service.jobs.JobSpec;
import io.taskrunner.console.service.jobs.JobState;
import io.taskrunner.console.service.jobs.JobStatistics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Jobs held in memory. {@link #create} queues one execution per agent target (other targets get none; the test adds
 * executions with {@link #execution}); {@link #execution} and {@link #job} play the jobs thread that reports a
 * change. Records the calls; {@link #failure} makes the next action fail.
 */
public final class InMemoryJobService implements JobService {
    public final List<String> calls = new CopyOnWriteArrayList<>();
    public final List<JobSpec> created = new CopyOnWriteArrayList<>();
    public final AtomicInteger statisticsReads = new AtomicInteger();
    public volatile RuntimeException failure;
    private final Map<UUID, JobSnapshot> jobs = new LinkedHashMap<>();
    private final Map<UUID, Map<String, JobExecution>> executions = new LinkedHashMap<>();
    private final List<Consumer<JobSnapshot>> jobListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<JobExecution>> executionListeners = new CopyOnWriteArrayList<>();
    private volatile Instant now = Instant.parse("2025-03-01T08:30:00Z");

    public static JobExecution execution(UUID jobId, String agent, ExecutionState state, Integer progress,
            String details) {
        Instant at = Instant.parse("2025-03-01T08:30:00Z");
        return new JobExecution(jobId, agent, state, state == ExecutionState.QUEUED ? null : UUID.randomUUID(),
                state == ExecutionState.QUEUED ? 0 : 1, at, state == ExecutionState.QUEUED ? null : at.plusSeconds(1),
                state.ordinal() >= ExecutionState.IN_PROGRESS.ordinal() ? at.plusSeconds(2) : null,
                state.isFinal() ? at.plusSeconds(9) : null, state.isFinal() ? 7_000L : null, details, progress);
    }

    @Override
    public JobSnapshot create(JobSpec spec) {
        calls.add("create");
        throwIfFailing();
        created.add(spec);
        now = now.plusSeconds(60);
        JobSnapshot job = new JobSnapshot(UUID.randomUUID(), spec, JobState.IN_PROGRESS, now, now, null, false,
                null, null);
        job(job);
        for (Target target : spec.targets()) {
            if (target.type() == Target.Type.AGENT) {
                execution(execution(job.jobId(), target.value(), ExecutionState.QUEUED, null, null));
            }
        }
        return job;
    }

    @Override
    public JobSnapshot cancel(UUID jobId) {
        calls.add("cancel " + jobId);
        throwIfFailing();
        JobSnapshot job = jobOf(jobId);
        JobSnapshot cancelled = new JobSnapshot(jobId, job.spec(), JobState.CANCELLED, job.createdAt(),
                job.startedAt(), now, true, "cancelled by the operator", job.rerunOf());
        job(cancelled);
        return cancelled;
    }

    @Override
    public JobSnapshot forceCancel(UUID jobId) {
        calls.add("forceCancel " + jobId);
        throwIfFailing();
        return cancel(jobId);
    }

    @Override
    public JobSnapshot rerun(UUID jobId) {
        calls.add("rerun " + jobId);
        throwIfFailing();
        JobSnapshot old = jobOf(jobId);
        now = now.plusSeconds(60);
        JobSnapshot job = new JobSnapshot(UUID.randomUUID(), old.spec(), JobState.IN_PROGRESS, now, now, null, false,
                null, jobId);
        job(job);
        return job;
    }

    @Override
    public synchronized List<JobSnapshot> jobs() {
        return jobs.values().stream().sorted(Comparator.comparing(JobSnapshot::createdAt).reversed()).toList();
    }

    @Override
    public synchronized Optional<JobSnapshot> job(UUID jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }

    @Override
    public synchronized List<JobExecution> executions(UUID jobId) {
        calls.add("executions " + jobId);
        return new ArrayList<>(executions.getOrDefault(jobId, Map.of()).values());
    }

    @Override
    public synchronized JobStatistics statistics(UUID jobId) {
        statisticsReads.incrementAndGet();
        return JobStatistics.of(executions.getOrDefault(jobId, Map.of()).values());
    }

    @Override
    public AutoCloseable onJobChanged(Consumer<JobSnapshot> listener) {
        jobListeners.add(listener);
        return () -> jobListeners.remove(listener);
    }

    @Override
    public AutoCloseable onExecutionChanged(Consumer<JobExecution> listener) {
        executionListeners.add(listener);
        return () -> executionListeners.remove(listener);
    }

    /** Stores the job and tells the listeners, on the calling thread. */
    public void job(JobSnapshot job) {
        synchronized (this) {
            jobs.put(job.jobId(), job);
        }
        jobListeners.forEach(listener -> listener.accept(job));
    }

    /** Stores the execution and tells the listeners, on the calling thread. */
    public void execution(JobExecution execution) {
        synchronized (this) {
            executions.computeIfAbsent(execution.jobId(), id -> new LinkedHashMap<>())
                    .put(execution.agentId(), execution);
        }
        executionListeners.forEach(listener -> listener.accept(execution));
    }

    public int listenerCount() {
        return jobListeners.size() + executionListeners.size();
    }

    private synchronized JobSnapshot jobOf(UUID jobId) {
        JobSnapshot job = jobs.get(jobId);
        if (job == null) {
            throw new IllegalArgumentException("jobId: no job " + jobId);
        }
        return job;
    }

    private void throwIfFailing() {
        RuntimeException next = failure;
        if (next != null) {
            failure = null;
            throw next;
        }
    }
}
