package io.taskrunner.agent.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskrunner.agent.config.AgentPaths;
import io.taskrunner.agent.events.EventLog;
import io.taskrunner.agent.executor.CancellationToken;
import io.taskrunner.agent.jobfile.JobFiles;
import io.taskrunner.agent.store.RunQueueStore;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.agent.update.AgentUpdater;
import io.taskrunner.agent.task.TaskServices;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.ChannelDefinition;
import io.taskrunner.protocol.definition.CommandTask;
import io.taskrunner.protocol.definition.DefinitionSet;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.ParameterValidator;
import io.taskrunner.protocol.definition.ParameterValues;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.message.ChannelStatus;
import io.taskrunner.protocol.message.RunCommand;
import io.taskrunner.protocol.message.RunQueued;
import io.taskrunner.protocol.message.RunRetrying;
import io.taskrunner.protocol.message.RunState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's task runner: takes run requests from whoever asks, checks them, queues them in their channel
 * (persisted, so they survive a restart), runs attempts with retries, and records every step as an event and in
 * the history. On {@link #close()} it stops taking work, waits the grace period for running runs, and records the
 * rest as interrupted; waiting runs stay queued for the next start.
 */
public final class RunEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunEngine.class);
    private static final String MASK = "***";
    /** The name of runs the console asks for as a bare argument list. */
    public static final String AD_HOC_TASK = "ad-hoc";

    private final EventLog events;
    private final RunQueueStore queue;
    private final RunHistory history;
    private final DefinitionRegistry definitions;
    private final AttemptRunner attempts;
    private final TaskExecutors executors;
    private final RunOutcomes outcomes;
    private final RunCompletions completions = new RunCompletions();
    private final RunLogs logs;
    private final Clock clock;
    private final ObjectMapper json;
    private final Duration shutdownGrace;
    private final Map<String, ChannelQueue> channels = new ConcurrentHashMap<>();
    /** Every accepted, unfinished run: waiting, running, or waiting for a retry. */
    private final Map<UUID, PendingRun> pending = new ConcurrentHashMap<>();
    private final Map<UUID, CancellationToken> active = new ConcurrentHashMap<>();
    private final Set<UUID> cancelRequested = ConcurrentHashMap.newKeySet();
    private final Set<UUID> interrupted = ConcurrentHashMap.newKeySet();
    private final Object submitLock = new Object();
    private final Object activeChanged = new Object();
    private final AgentUpdater updater;
    private volatile boolean stopping;

    /**
     * @param workRoot      the agent's work folder; each task works in its own folder below it
     * @param shutdownGrace how long {@link #close()} waits for running runs before interrupting them
     */
    public RunEngine(EventLog events, RunQueueStore queue, RunHistory history, DefinitionRegistry definitions,
            TaskExecutors executors, TaskServices services, Path workRoot, RunLogs logs, Clock clock,
            ObjectMapper json, Duration shutdownGrace) {
        this(events, queue, history, definitions, executors, services, workRoot, logs, clock, json, shutdownGrace,
                services.dataDir() == null ? null : JobFiles.forAgent(services.dataDir(),
                        new AgentPaths(services.dataDir()).tlsFiles()),
                services.dataDir() == null ? null : AgentUpdater.forAgent(services.dataDir()));
    }

    /**
     * @param files   where runs with a job file get it (null: such runs are rejected); the other constructor uses the
     *                agent's enrolment certificate and a cache in its data folder
     * @param updater stages the package of a run of {@link AgentUpdater#TASK} and restarts the agent (null: such
     *                runs are rejected)
     */
    public RunEngine(EventLog events, RunQueueStore queue, RunHistory history, DefinitionRegistry definitions,
            TaskExecutors executors, TaskServices services, Path workRoot, RunLogs logs, Clock clock,
            ObjectMapper json, Duration shutdownGrace, JobFiles files, AgentUpdater updater) {
        this.events = events;
        this.queue = queue;
        this.history = history;
        this.definitions = definitions;
        this.attempts = new AttemptRunner(executors, services, events, logs, workRoot, clock, files, updater);
        this.updater = updater;
        this.executors = executors;
        this.outcomes = new RunOutcomes(events, history, logs, clock, completions);
        this.logs = logs;
        this.clock = clock;
        this.json = json;
        this.shutdownGrace = shutdownGrace;
    }

    /** The answer to a request: accepted (queued or merged) or rejected with the reason. */
    public record Submission(UUID runId, boolean accepted, String error) {
    }

    /** Applies the channel definitions and picks up what the last run of the agent left: queued and interrupted runs. */
    public void start() {
        applyChannels(definitions.current());
        definitions.onChange(this::applyChannels);
        List<PendingRun> stored = new ArrayList<>();
        queue.all().forEach((id, bytes) -> {
            try {
                stored.add(json.readValue(bytes, PendingRun.class));
            } catch (IOException e) {
                LOG.error("dropping unreadable queued run {}: {}", id, e.toString());
                queue.remove(id);
            }
        });
        stored.sort(Comparator.comparingLong(PendingRun::acceptedAt));
        int resumed = 0;
        for (PendingRun run : stored) {
            if (run.running()) {
                finishAfterCrash(run);
            } else {
                pending.put(run.runId(), run);
                channel(run.channel()).enqueue(run);
                resumed++;
            }
        }
        if (!stored.isEmpty()) {
            LOG.info("resumed {} queued runs, {} were interrupted by the last stop", resumed, stored.size() - resumed);
        }
    }

    /** The console's bare argument-list run, as a run of an inline {@code command} task. */
    public Submission submit(UUID commandId, RunCommand command) {
        return submit(new RunRequest(command.runId(), commandId, AD_HOC_TASK, adHocTask(command, null), Map.of(), 0,
                null, 0, "console"));
    }

    /**
     * The inline {@code command} task a bare argument-list run becomes, in {@code channel} ({@code null}: the
     * default channel); the program gets its arguments as they are, never through a shell.
     */
    public static TaskDefinition adHocTask(RunCommand command, String channel) {
        List<String> argv = command.argv();
        return new TaskDefinition(AD_HOC_TASK, null, null, command.timeoutSeconds(), channel, null,
                command.workingDir(), command.env(), command.outputLimitBytes(), null,
                new CommandTask(argv.getFirst(), argv.subList(1, argv.size())));
    }

    /**
     * Submits {@code request} and tells {@code listener} how the run ended, once: right away when it is rejected,
     * else when it finishes (also when it was merged into a twin, or cancelled while waiting). Not told if the
     * agent stops first.
     */
    public Submission submit(RunRequest request, Consumer<RunRecord> listener) {
        completions.register(request.runId(), listener);
        try {
            return submit(request);
        } catch (RuntimeException e) {
            completions.forget(request.runId());
            throw e;
        }
    }

    public Submission submit(RunRequest request) {
        return submitAll(List.of(request)).getFirst();
    }

    /**
     * Checks and queues several runs at once, e.g. a job's or a schedule's; returns, in order, whether each was
     * accepted. When this returns, every accepted run is on disk: one disk flush covers the whole batch.
     */
    public List<Submission> submitAll(List<RunRequest> requests) {
        List<Submission> results = new ArrayList<>(requests.size());
        long lastSeq = 0;
        synchronized (submitLock) {
            for (RunRequest request : requests) {
                Accepted accepted = accept(request);
                results.add(accepted.submission());
                lastSeq = Math.max(lastSeq, accepted.seq());
            }
        }
        if (lastSeq > 0) {
            events.awaitDurable(lastSeq);
        }
        return results;
    }

    /** A submission whose acceptance reaches the disk when {@code durable} completes. */
    public record EarlySubmission(Submission submission, CompletableFuture<Void> durable) {
    }

    /**
     * Like {@link #submit(RunRequest, Consumer)}, but returns before the acceptance is on disk, and the run may
     * already start meanwhile; {@code durable} completes with the event log's next flush. For a device trigger: the
     * run starts at once, and the broker is told the message was handled only when {@code durable} completes, so a
     * crash in between gets the message delivered again rather than lost.
     */
    public EarlySubmission submitEarly(RunRequest request, Consumer<RunRecord> listener) {
        completions.register(request.runId(), listener);
        Accepted accepted;
        try {
            synchronized (submitLock) {
                accepted = accept(request);
            }
        } catch (RuntimeException e) {
            completions.forget(request.runId());
            throw e;
        }
        CompletableFuture<Void> durable = accepted.seq() > 0 ? events.whenDurable(accepted.seq())
                : CompletableFuture.completedFuture(null);
        return new EarlySubmission(accepted.submission(), durable);
    }

    private record Accepted(Submission submission, long seq) {
    }

    private Accepted accept(RunRequest request) {
        if (pending.containsKey(request.runId()) || history.contains(request.runId())) {
            LOG.info("run {} is already known here; not queueing it again", request.runId());
            return new Accepted(new Submission(request.runId(), true, null), 0);
        }
        if (stopping) {
            return new Accepted(reject(request, "the agent is shutting down"), 0);
        }
        if (request.task().equals(AgentUpdater.TASK) && request.definition() == null) {
            if (updater == null || request.file() == null || !"console".equals(request.source())) {
                return new Accepted(reject(request, AgentUpdater.TASK + ": only the console updates the agent, "
                        + "with the update package as the run's file"), 0);
            }
            request = new RunRequest(request.runId(), request.commandId(), request.task(), AgentUpdater.definition(),
                    request.parameters(), request.priority(), request.runAt(), request.delaySeconds(),
                    request.source(), request.file());
        }
        Optional<TaskDefinition> found = request.definition() != null ? Optional.of(request.definition())
                : definitions.task(request.task());
        if (found.isEmpty()) {
            return new Accepted(reject(request, "unknown task '" + request.task() + "'; this agent knows "
                    + knownTasks(definitions.current())), 0);
        }
        TaskDefinition task = found.get();
        if (!task.isEnabled()) {
            return new Accepted(reject(request, "task '" + task.name() + "' is disabled"), 0);
        }
        Optional<String> refused = executors.refusal(task.type());
        if (refused.isPresent()) {
            return new Accepted(reject(request, "task '" + task.name() + "': " + refused.get()), 0);
        }
        ParameterValues values;
        try {
            values = ParameterValidator.validate(task, request.parameters());
        } catch (ProtocolException e) {
            return new Accepted(reject(request, e.getMessage()), 0);
        }
        long now = clock.millis();
        long notBefore = Math.max(request.runAt() == null ? 0 : request.runAt(),
                now + request.delaySeconds() * 1000L);
        Long runAt = notBefore > now ? notBefore : null;
        ChannelQueue channel = channel(task.channel());
        // a run with another job file is other work, however equal its parameters
        String key = task.name() + "|" + values.canonicalKey() + (request.file() == null ? ""
                : "|" + request.file().sha256());
        Optional<PendingRun> twin = channel.waitingTwin(key);
        if (twin.isPresent()) {
            PendingRun merged = twin.get().withMerged(request.runId());
            store(merged);
            channel.replaceWaiting(merged);
            long seq = events.record(new RunQueued(request.runId(), request.commandId(), task.name(), channel.name(),
                    runAt, merged.runId()));
            return new Accepted(new Submission(request.runId(), true, null), seq);
        }
        PendingRun run = new PendingRun(request.runId(), request.commandId(), task.name(), request.definition(),
                values.asMap(), channel.name(), request.priority(), notBefore, now, 1, false,
                channel.isDistinct() ? key : null, List.of(), request.source(), 0, 0, request.file());
        store(run);
        long seq = events.record(new RunQueued(run.runId(), request.commandId(), task.name(), channel.name(), runAt,
                null));
        channel.enqueue(run);
        return new Accepted(new Submission(request.runId(), true, null), seq);
    }


    /** Cancels a waiting or running run; false when this agent has no such unfinished run. */
    public boolean cancel(UUID runId) {
        CancellationToken token = active.get(runId);
        if (token != null) {
            token.cancel();
            return true;
        }
        PendingRun run = pending.get(runId);
        if (run != null) {
            Optional<PendingRun> removed = channel(run.channel()).removeWaiting(runId);
            if (removed.isPresent()) {
                finish(removed.get(), run.attempt() > 1 ? "cancelled while waiting for attempt " + run.attempt()
                        : "cancelled before it started", AttemptRunner.Attempt.without(RunState.CANCELLED, null), run.attempt() - 1);
            } else {
                // a worker took it this instant: it checks this set before the attempt starts
                cancelRequested.add(runId);
                token = active.get(runId);
                if (token != null) {
                    token.cancel();
                }
            }
            return true;
        }
        return cancelMerged(runId);
    }

    /** Where an accepted, unfinished run stands; empty when it finished (see {@link #history()}) or is unknown. */
    public Optional<RunProgress> progress(UUID runId) {
        PendingRun run = pending.get(runId);
        if (run != null) {
            return Optional.of(RunProgress.of(run, runId, null));
        }
        return pending.values().stream().filter(owner -> owner.merged().contains(runId)).findFirst()
                .map(owner -> RunProgress.of(owner, runId, owner.runId()));
    }

    /** Every accepted, unfinished run, oldest first. */
    public List<RunProgress> unfinished() {
        return pending.values().stream().sorted(Comparator.comparingLong(PendingRun::acceptedAt))
                .map(run -> RunProgress.of(run, run.runId(), null)).toList();
    }

    /**
     * Creates a channel, or applies new workers and distinct flag to an existing one, outside the definitions (the
     * HTTP API's channels). A later change of the definitions that names it wins.
     */
    public void configureChannel(ChannelDefinition definition) {
        synchronized (submitLock) {
            channels.compute(definition.name(), (name, existing) -> {
                if (existing == null) {
                    return new ChannelQueue(definition, clock, this::execute);
                }
                existing.configure(definition);
                return existing;
            });
        }
    }

    /**
     * Removes an idle channel: its workers stop. Refused (false) for the default channel and for a channel with runs
     * waiting or running. A run submitted to it later finds it again, with the definitions' or default settings.
     */
    public boolean removeChannel(String name) {
        if (TaskDefinition.DEFAULT_CHANNEL.equals(name)) {
            return false;
        }
        synchronized (submitLock) {
            ChannelQueue channel = channels.get(name);
            if (channel == null) {
                return true;
            }
            ChannelStatus now = channel.status();
            if (now.running() + now.queued() + now.delayed() > 0) {
                return false;
            }
            channels.remove(name);
            channel.stop();
            return true;
        }
    }

    public List<ChannelStatus> status() {
        return channels.values().stream().map(ChannelQueue::status)
                .sorted(Comparator.comparing(ChannelStatus::name)).toList();
    }

    public int running() {
        return active.size();
    }

    public RunHistory history() {
        return history;
    }

    private void execute(PendingRun waiting) {
        ChannelQueue channel = channel(waiting.channel());
        Optional<TaskDefinition> found = waiting.definition() != null ? Optional.of(waiting.definition())
                : definitions.task(waiting.task());
        if (found.isEmpty()) {
            finish(waiting, null, AttemptRunner.Attempt.without(RunState.REJECTED,
                    "task '" + waiting.task() + "' is no longer defined on this agent"),
                    waiting.attempt() - 1);
            return;
        }
        TaskDefinition task = found.get();
        ParameterValues values;
        try {
            values = ParameterValidator.validate(task, waiting.parameters());
        } catch (ProtocolException e) {
            finish(waiting, null, AttemptRunner.Attempt.without(RunState.REJECTED,
                    e.getMessage() + " (the task changed after the run was queued)"),
                    waiting.attempt() - 1);
            return;
        }
        PendingRun run = waiting.asRunning();
        CancellationToken token = new CancellationToken();
        active.put(run.runId(), token);
        pending.put(run.runId(), run);
        if (cancelRequested.remove(run.runId())) {
            token.cancel();
        }
        // Stored as running once the attempt has started, on disk with the RunStarted event's flush: a crash before
        // that runs the attempt again, one after it reports the run interrupted (and ends its process, if any).
        // The agent's clock at the start is within milliseconds of the process's own start time, and cheaper to read.
        AttemptRunner.Attempt attempt = attempts.run(run, task, values, token,
                pid -> store(pid > 0 ? run.withProcess(pid, clock.millis()) : run));
        RunState state = attempt.outcome().state();
        if (state == RunState.CANCELLED && interrupted.contains(run.runId())) {
            attempt = new AttemptRunner.Attempt(new TaskOutcome(RunState.INTERRUPTED,
                    attempt.outcome().exitCode(), null, "the agent stopped after waiting " + shutdownGrace.toSeconds()
                    + " s for the run to end", attempt.outputBytes(), attempt.outputTruncated()),
                    attempt.startedAt(), attempt.durationMs(), attempt.outputBytes(), attempt.outputTruncated(),
                    attempt.excerpt());
            state = RunState.INTERRUPTED;
        }
        boolean retry = (state == RunState.FAILED || state == RunState.TIMED_OUT) && !token.isCancelled()
                && run.attempt() <= task.retry().count();
        if (retry) {
            long at = clock.millis() + task.retry().backoffMillis(run.attempt());
            PendingRun next = run.nextAttemptAt(at);
            store(next);
            events.record(new RunRetrying(run.runId(), run.attempt(), state, attempt.outcome().exitCode(),
                    RunOutcomes.truncate(attempt.outcome().error()), at));
            logs.note(task.name(), run.runId(), "attempt " + run.attempt() + " " + state.wire() + "; attempt "
                    + next.attempt() + " at " + Instant.ofEpochMilli(at));
            release(run.runId());
            channel.enqueue(next);
            return;
        }
        finish(run, null, attempt, run.attempt());
        release(run.runId());
        if (updater != null && state == RunState.SUCCEEDED && AgentUpdater.TASK.equals(task.name())
                && run.definition() != null) {
            updater.restartSoon();
        }
    }

    private void release(UUID runId) {
        active.remove(runId);
        synchronized (activeChanged) {
            activeChanged.notifyAll();
        }
    }

    private void finish(PendingRun run, String error, AttemptRunner.Attempt attempt, int attemptsMade) {
        // The history keeps a finished run's parameters for people to read: secret values never reach it.
        outcomes.finished(run.withParameters(maskedParameters(run)), error, attempt, attemptsMade);
        queue.remove(run.runId());
        pending.remove(run.runId());
        channel(run.channel()).recordOutcome(attempt.outcome().state() == RunState.SUCCEEDED);
    }

    /** The run's values with secret ones masked; all masked when the task is gone, as nothing tells which are. */
    private Map<String, Object> maskedParameters(PendingRun run) {
        Optional<TaskDefinition> task = run.definition() != null ? Optional.of(run.definition())
                : definitions.task(run.task());
        Set<String> secret = task.map(found -> found.parameters().stream().filter(ParameterSpec::secret)
                .map(ParameterSpec::name).collect(Collectors.toSet())).orElse(null);
        Map<String, Object> masked = new LinkedHashMap<>();
        run.parameters().forEach((name, value) -> masked.put(name,
                secret == null || secret.contains(name) ? MASK : value));
        return masked;
    }

    /** A run that was running when the agent died: finished already if the history says so, else interrupted. */
    private void finishAfterCrash(PendingRun run) {
        if (outcomes.repeatRecordedFinish(run)) {
            queue.remove(run.runId());
            return;
        }
        finish(run, "the agent stopped while attempt " + run.attempt() + " was running"
                + LeftoverProcess.endIfAlive(run), AttemptRunner.Attempt.without(RunState.INTERRUPTED, null),
                run.attempt());
    }

    private boolean cancelMerged(UUID runId) {
        synchronized (submitLock) {
            for (PendingRun owner : pending.values()) {
                if (owner.merged().contains(runId)) {
                    PendingRun updated = owner.withoutMerged(runId);
                    store(updated);
                    channel(owner.channel()).replaceWaiting(updated);
                    outcomes.cancelledMerged(runId, owner.task());
                    return true;
                }
            }
        }
        return false;
    }

    private Submission reject(RunRequest request, String error) {
        outcomes.rejected(request, error);
        return new Submission(request.runId(), false, error);
    }

    private void store(PendingRun run) {
        try {
            queue.put(run.runId(), json.writeValueAsBytes(run));
            pending.put(run.runId(), run);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store run " + run.runId(), e);
        }
    }

    private ChannelQueue channel(String name) {
        return channels.computeIfAbsent(name, missing -> new ChannelQueue(definitions.current().channel(missing)
                .orElseGet(() -> new ChannelDefinition(missing, 0, false)), clock, this::execute));
    }

    private void applyChannels(DefinitionSet set) {
        channel(TaskDefinition.DEFAULT_CHANNEL);
        for (ChannelDefinition definition : set.channels()) {
            channels.compute(definition.name(), (name, existing) -> {
                if (existing == null) {
                    return new ChannelQueue(definition, clock, this::execute);
                }
                existing.configure(definition);
                return existing;
            });
        }
    }

    private static String knownTasks(DefinitionSet set) {
        if (set.tasks().isEmpty()) {
            return "no tasks";
        }
        String names = set.tasks().stream().limit(20).map(task -> "'" + task.name() + "'")
                .collect(Collectors.joining(", "));
        return set.tasks().size() > 20 ? names + " and " + (set.tasks().size() - 20) + " more" : names;
    }

    /** Stops taking work, waits the grace period for running runs, then interrupts the rest. */
    @Override
    public void close() {
        stopping = true;
        channels.values().forEach(ChannelQueue::stop);
        long deadline = System.nanoTime() + shutdownGrace.toNanos();
        awaitIdle(deadline);
        if (!active.isEmpty()) {
            LOG.warn("{} runs still running after {} s; interrupting them", active.size(), shutdownGrace.toSeconds());
            interrupted.addAll(active.keySet());
            active.values().forEach(CancellationToken::cancel);
            awaitIdle(System.nanoTime() + Duration.ofSeconds(10).toNanos());
        }
        logs.prune();
        logs.close();
    }

    private void awaitIdle(long deadlineNanos) {
        synchronized (activeChanged) {
            while (!active.isEmpty()) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    activeChanged.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
