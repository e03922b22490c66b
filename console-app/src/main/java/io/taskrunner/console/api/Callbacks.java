package io.taskrunner.console.api;

import io.taskrunner.console.service.jobs.JobService;
import io.taskrunner.console.service.jobs.JobSnapshot;
import io.taskrunner.console.service.jobs.JobState;
import io.taskrunner.console.service.runs.RunService;
import io.taskrunner.console.service.runs.RunSnapshot;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The callbacks callers asked for, kept in memory until their run or job ends (a console restart forgets them).
 * Job events come on the jobs thread: the final job is built and sent on {@code executor}.
 */
final class Callbacks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Callbacks.class);

    private record Target(URI url, byte[] key) {
    }

    private final Map<UUID, Target> jobCallbacks = new ConcurrentHashMap<>();
    private final RunService runs;
    private final JobService jobs;
    private final RunWaiter waiter;
    private final CallbackSender sender;
    private final Executor executor;
    private final AutoCloseable jobSubscription;

    Callbacks(RunService runs, JobService jobs, RunWaiter waiter, CallbackSender sender, Executor executor) {
        this.runs = runs;
        this.jobs = jobs;
        this.waiter = waiter;
        this.sender = sender;
        this.executor = executor;
        this.jobSubscription = jobs.onJobChanged(this::jobChanged);
    }

    /** Sends the final run to {@code url} once it ends; register before the run starts. */
    void afterRun(UUID runId, URI url, byte[] key) {
        CompletableFuture<RunSnapshot> finished = waiter.whenFinished(runId);
        finished.thenAcceptAsync(run -> {
            RunSnapshot stored = runs.run(runId).orElse(run);
            byte[] body = ApiJson.bytes(ApiJson.run(stored, RunOutputExcerpt.of(runs.output(runId))));
            sender.send(url, "run-finished", "run " + runId, body, key);
        }, executor).exceptionally(failure -> {
            LOG.warn("cannot send the callback of run {}: {}", runId, failure.toString());
            return null;
        });
    }

    /** A run that never started after all: its callback is dropped. */
    void dropRun(UUID runId) {
        // the waiter's future for this run is never completed; let it go
        waiter.forgetAll(runId);
    }

    /** Sends the final job to {@code url} once it completes or is cancelled. */
    void afterJob(UUID jobId, URI url, byte[] key) {
        jobCallbacks.put(jobId, new Target(url, key));
        jobs.job(jobId).ifPresent(this::jobChanged);
    }

    private void jobChanged(JobSnapshot job) {
        if ((job.state() == JobState.COMPLETED || job.state() == JobState.CANCELLED)
                && jobCallbacks.containsKey(job.jobId())) {
            executor.execute(() -> sendJob(job.jobId()));
        }
    }

    private void sendJob(UUID jobId) {
        Target target = jobCallbacks.remove(jobId);
        if (target == null) {
            return;
        }
        try {
            JobSnapshot job = jobs.job(jobId).orElseThrow();
            byte[] body = ApiJson.bytes(ApiJson.job(job, jobs.statistics(jobId)));
            sender.send(target.url(), "job-finished", "job " + jobId, body, target.key());
        } catch (RuntimeException e) {
            LOG.warn("cannot send the callback of job {}", jobId, e);
        }
    }

    @Override
    public void close() {
        try {
            jobSubscription.close();
        } catch (Exception e) {
            LOG.debug("cannot unsubscribe from job changes: {}", e.toString());
        }
        jobCallbacks.clear();
    }
}
