package io.taskrunner.console.service.jobs;

import io.taskrunner.console.service.desired.AgentLabels;
import io.taskrunner.console.service.desired.Target;
import io.taskrunner.console.service.fleet.AgentSnapshot;
import io.taskrunner.console.service.fleet.FleetService;
import io.taskrunner.console.service.fleet.Listeners;
import io.taskrunner.console.service.runs.RunSnapshot;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jobs in H2, driven by a {@link JobEngine}. In the console {@link #start} ticks the engine every second on the
 * {@code console-jobs} thread, which also takes run and fleet events off the transport thread. Unit tests build it
 * with a direct executor and call {@link #tick()} themselves.
 */
public final class DefaultJobService implements JobService, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultJobService.class);

    private final JobRepository repository;
    private final JobRuns runs;
    private final FleetService fleet;
    private final Executor events;
    private final JobEngine engine;
    private final ExecutionTracker tracker;
    private final Listeners<JobSnapshot> jobListeners = new Listeners<>();
    private final Listeners<JobExecution> executionListeners = new Listeners<>();
    private final List<AutoCloseable> subscriptions = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService ticker;

    /**
     * @param labels the agents' groups and tags ({@code DesiredStateService::labels})
     * @param events where run and fleet events are handled; a direct executor in tests
     */
    public DefaultJobService(JobRepository repository, JobRuns runs, FleetService fleet,
            Supplier<Map<String, AgentLabels>> labels, Clock clock, Executor events) {
        this.repository = repository;
        this.runs = runs;
        this.fleet = fleet;
        this.events = events;
        JobEvents fire = new JobEvents() {
            @Override
            public void jobChanged(JobSnapshot job) {
                jobListeners.fire(job);
            }

            @Override
            public void executionChanged(JobExecution execution) {
                executionListeners.fire(execution);
            }
        };
        this.tracker = new ExecutionTracker(repository, runs, fire, clock);
        this.engine = new JobEngine(repository, new JobTargets(fleet, labels), tracker, fire, clock);
    }

    /** Subscribes to run and fleet events and catches up with what happened while the console was down. */
    public void listen() {
        subscriptions.add(runs.onRunChanged(run -> events.execute(() -> runChanged(run))));
        subscriptions.add(fleet.onAgentChanged(agent -> events.execute(() -> agentChanged(agent))));
        tracker.recover();
        fleet.agents().forEach(this::agentChanged);
    }

    /**
     * The console's way: a service whose events, catching up and ticks (every second) run on the {@code console-jobs}
     * thread. {@link #close()} stops the thread.
     */
    public static DefaultJobService start(JobRepository repository, JobRuns runs, FleetService fleet,
            Supplier<Map<String, AgentLabels>> labels, Clock clock) {
        int sealed = repository.sealPlaintext();
        if (sealed > 0) {
            LOG.info("encrypted the secret parameters of {} stored jobs", sealed);
        }
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("console-jobs").daemon().factory());
        DefaultJobService service = new DefaultJobService(repository, runs, fleet, labels, clock, thread);
        service.ticker = thread;
        thread.execute(service::listenSafely);
        thread.scheduleWithFixedDelay(service::tickSafely, 1, 1, TimeUnit.SECONDS);
        return service;
    }

    /** Does the engine's time-based work for every open job now. */
    public void tick() {
        engine.tick();
    }

    void runChanged(RunSnapshot run) {
        tracker.runChanged(run).ifPresent(engine::completeIfDone);
    }

    /**
     * An agent asked for its next pending execution ({@code jobs.next}); handled on the jobs thread. Sends (again)
     * its oldest pending execution, see {@link JobEngine#next}.
     */
    public void nextRequested(String agentId, String reason) {
        events.execute(() -> {
            try {
                engine.next(agentId).ifPresentOrElse(
                        execution -> LOG.info("agent {} asked for its next job execution ({}); sent run {} of job {}",
                                agentId, reason, execution.runId(), execution.jobId()),
                        () -> LOG.debug("agent {} asked for its next job execution ({}); none is pending", agentId,
                                reason));
            } catch (RuntimeException e) {
                LOG.warn("answering the job request of agent {} failed", agentId, e);
            }
        });
    }

    void agentChanged(AgentSnapshot agent) {
        tracker.agentChanged(agent);
    }

    private void listenSafely() {
        try {
            listen();
        } catch (RuntimeException e) {
            LOG.error("jobs could not catch up after the start; ticks go on", e);
        }
    }

    private void tickSafely() {
        try {
            engine.tick();
        } catch (RuntimeException e) {
            LOG.warn("a jobs tick failed; the next one follows in a second", e);
        }
    }

    @Override
    public JobSnapshot create(JobSpec spec) {
        return engine.create(spec, null);
    }

    @Override
    public JobSnapshot cancel(UUID jobId) {
        return engine.cancel(jobId, false, "cancelled by the operator");
    }

    @Override
    public JobSnapshot forceCancel(UUID jobId) {
        return engine.cancel(jobId, true, "force-cancelled by the operator");
    }

    @Override
    public JobSnapshot rerun(UUID jobId) {
        JobSnapshot job = job(jobId).orElseThrow(() -> new IllegalArgumentException("jobId: unknown job " + jobId));
        List<Target> agents = repository.executions(jobId).stream().filter(DefaultJobService::needsRerun)
                .map(execution -> Target.agent(execution.agentId())).toList();
        if (agents.isEmpty()) {
            throw new IllegalArgumentException("jobId: no agent of job " + jobId + " failed, timed out, was "
                    + "rejected or did not start");
        }
        return engine.create(job.spec().withTargets(agents, JobSpec.TargetMode.SNAPSHOT), jobId);
    }

    private static boolean needsRerun(JobExecution execution) {
        return switch (execution.state()) {
            case FAILED, TIMED_OUT, REJECTED, QUEUED, SENT -> true;
            case CANCELLED -> execution.startedAt() == null;
            default -> false;
        };
    }

    @Override
    public List<JobSnapshot> jobs() {
        return repository.all();
    }

    @Override
    public Optional<JobSnapshot> job(UUID jobId) {
        return repository.find(jobId);
    }

    @Override
    public List<JobExecution> executions(UUID jobId) {
        return repository.executions(jobId);
    }

    @Override
    public JobStatistics statistics(UUID jobId) {
        return JobStatistics.of(repository.executions(jobId));
    }

    @Override
    public AutoCloseable onJobChanged(Consumer<JobSnapshot> listener) {
        return jobListeners.add(listener);
    }

    @Override
    public AutoCloseable onExecutionChanged(Consumer<JobExecution> listener) {
        return executionListeners.add(listener);
    }

    @Override
    public void close() {
        for (AutoCloseable subscription : subscriptions) {
            try {
                subscription.close();
            } catch (Exception e) {
                LOG.debug("unsubscribing failed: {}", e.getMessage());
            }
        }
        subscriptions.clear();
        ExecutorService thread = ticker;
        if (thread != null) {
            thread.shutdownNow();
        }
    }
}
