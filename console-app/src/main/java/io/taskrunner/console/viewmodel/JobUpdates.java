package io.taskrunner.console.viewmodel;

import io.taskrunner.console.service.jobs.JobExecution;
import io.taskrunner.console.service.jobs.JobService;
import io.taskrunner.console.service.jobs.JobSnapshot;
import io.taskrunner.console.service.jobs.JobStatistics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coalesces job and execution changes so a job on a thousand agents does not flood the UI: changes are collected
 * on the service's threads (the latest per job and per execution wins), and at most once per {@link #INTERVAL} the
 * collected batch is read off the UI thread (with fresh statistics of every job that changed) and handed to the UI
 * executor in one piece.
 */
final class JobUpdates implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofMillis(250);
    private static final Logger LOG = LoggerFactory.getLogger(JobUpdates.class);

    /** An execution change with the order it arrived in, so changes older than a fresh read can be dropped. */
    record Stamped(JobExecution execution, long sequence) {
    }

    /** What changed since the last batch; {@code statistics} holds every job that changed, read after the changes. */
    record Batch(List<JobSnapshot> jobs, List<Stamped> executions, Map<UUID, JobStatistics> statistics) {
    }

    private final JobService service;
    private final Delayer delayer;
    private final Executor uiExecutor;
    private final Consumer<Batch> apply;
    private final Map<UUID, JobSnapshot> jobs = new LinkedHashMap<>();
    private final Map<String, Stamped> executions = new LinkedHashMap<>();
    private final Set<UUID> changedJobs = new LinkedHashSet<>();
    private final List<AutoCloseable> subscriptions = new ArrayList<>();
    private long sequence;
    private boolean flushScheduled;
    private volatile boolean closed;

    /** @param apply gets each batch on the UI executor */
    JobUpdates(JobService service, Delayer delayer, Executor uiExecutor, Consumer<Batch> apply) {
        this.service = service;
        this.delayer = delayer;
        this.uiExecutor = uiExecutor;
        this.apply = apply;
        subscriptions.add(service.onJobChanged(this::jobChanged));
        subscriptions.add(service.onExecutionChanged(this::executionChanged));
    }

    void jobChanged(JobSnapshot job) {
        synchronized (this) {
            jobs.put(job.jobId(), job);
            changedJobs.add(job.jobId());
            scheduleFlush();
        }
    }

    void executionChanged(JobExecution execution) {
        synchronized (this) {
            executions.put(execution.jobId() + "/" + execution.agentId(), new Stamped(execution, ++sequence));
            changedJobs.add(execution.jobId());
            scheduleFlush();
        }
    }

    /** The stamp of the latest change so far; a read started after this call is at least as new as it. */
    synchronized long sequence() {
        return sequence;
    }

    private void scheduleFlush() {
        if (!flushScheduled && !closed) {
            flushScheduled = true;
            delayer.after(INTERVAL, this::flush);
        }
    }

    /** Takes the collected changes, reads the changed jobs' statistics and hands the batch to the UI. */
    private void flush() {
        List<JobSnapshot> jobBatch;
        List<Stamped> executionBatch;
        List<UUID> changed;
        synchronized (this) {
            flushScheduled = false;
            jobBatch = List.copyOf(jobs.values());
            executionBatch = List.copyOf(executions.values());
            changed = List.copyOf(changedJobs);
            jobs.clear();
            executions.clear();
            changedJobs.clear();
        }
        if (closed || changed.isEmpty()) {
            return;
        }
        Map<UUID, JobStatistics> statistics = new LinkedHashMap<>();
        for (UUID jobId : changed) {
            try {
                statistics.put(jobId, service.statistics(jobId));
            } catch (RuntimeException e) {
                LOG.warn("could not read the statistics of job {}", jobId, e);
            }
        }
        uiExecutor.execute(() -> apply.accept(new Batch(jobBatch, executionBatch, statistics)));
    }

    @Override
    public void close() {
        closed = true;
        for (AutoCloseable subscription : subscriptions) {
            try {
                subscription.close();
            } catch (Exception e) {
                LOG.warn("could not unsubscribe from job changes", e);
            }
        }
    }
}
