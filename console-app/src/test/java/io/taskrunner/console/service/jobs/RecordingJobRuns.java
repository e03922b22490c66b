package io.taskrunner.console.service.jobs;

import io.taskrunner.console.service.runs.RunSnapshot;
import io.taskrunner.console.service.runs.TaskRunRequest;
import io.taskrunner.protocol.message.RunState;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The edge of the job unit tests: records the run-task commands and cancels the engine sends, keeps the runs as the
 * console's run store would, and plays the agent's events on request ({@link #start}, {@link #finish}).
 */
final class RecordingJobRuns implements JobRuns {
    record Sent(String agentId, UUID runId, TaskRunRequest request) {
    }

    final List<Sent> sent = new CopyOnWriteArrayList<>();
    final List<UUID> cancelled = new CopyOnWriteArrayList<>();
    private final Map<UUID, RunSnapshot> runs = new ConcurrentHashMap<>();
    private final List<Consumer<RunSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private final List<CompletableFuture<Void>> heldSends = new CopyOnWriteArrayList<>();
    private volatile boolean holdSends;

    RecordingJobRuns(Clock clock) {
        this.clock = clock;
    }

    @Override
    public CompletableFuture<?> send(String agentId, UUID runId, TaskRunRequest request) {
        sent.add(new Sent(agentId, runId, request));
        if (!runs.containsKey(runId)) {
            change(run(runId, agentId, request.task(), RunState.PENDING, null, null, null));
        }
        if (holdSends) {
            CompletableFuture<Void> held = new CompletableFuture<>();
            heldSends.add(held);
            return held;
        }
        return CompletableFuture.completedFuture(null);
    }

    /** From now on sends complete only on {@link #releaseSends()}, as when the broker is slow. */
    void holdSends() {
        holdSends = true;
    }

    void releaseSends() {
        holdSends = false;
        heldSends.forEach(held -> held.complete(null));
        heldSends.clear();
    }

    @Override
    public void cancel(UUID runId) {
        cancelled.add(runId);
    }

    @Override
    public Optional<RunSnapshot> run(UUID runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    @Override
    public AutoCloseable onRunChanged(Consumer<RunSnapshot> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** The run ids sent to one agent, oldest first (a re-send repeats an id). */
    List<UUID> runIdsOf(String agentId) {
        return sent.stream().filter(one -> one.agentId().equals(agentId)).map(Sent::runId).toList();
    }

    UUID lastRunOf(String agentId) {
        return runIdsOf(agentId).getLast();
    }

    /** The agent queued the run (not started yet). */
    void queue(UUID runId) {
        RunSnapshot run = runs.get(runId);
        change(run(runId, run.agentId(), run.taskName(), RunState.QUEUED, null, null, null));
    }

    void start(UUID runId) {
        RunSnapshot run = runs.get(runId);
        change(run(runId, run.agentId(), run.taskName(), RunState.RUNNING, clock.instant(), null, null));
    }

    /** The running task reported progress, as the ingestor stores a {@code run.progress} event. */
    void progress(UUID runId, Integer percent, String details) {
        RunSnapshot run = runs.get(runId);
        change(new RunSnapshot(runId, run.agentId(), List.of(), run.state(), null, run.createdAt(), run.startedAt(),
                null, null, 0, false, null, run.taskName(), Map.of(), 1, null, null, null, null, null, percent,
                details, clock.instant(), null));
    }

    void finish(UUID runId, RunState state, long durationMs) {
        RunSnapshot run = runs.get(runId);
        change(run(runId, run.agentId(), run.taskName(), state, run.startedAt(), durationMs,
                state == RunState.SUCCEEDED ? 0 : 1));
    }

    private void change(RunSnapshot run) {
        runs.put(run.runId(), run);
        listeners.forEach(listener -> listener.accept(run));
    }

    private RunSnapshot run(UUID runId, String agentId, String task, RunState state, Instant startedAt,
            Long durationMs, Integer exitCode) {
        return new RunSnapshot(runId, agentId, List.of(), state, exitCode, clock.instant(), startedAt,
                state.isFinal() ? clock.instant() : null, durationMs, 0, false, null, task, Map.of(), 1, null, null,
                null, null, null);
    }
}
