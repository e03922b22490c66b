package io.taskrunner.console.viewmodel;

import io.taskrunner.console.service.runs.RunOutputChunk;
import io.taskrunner.console.service.runs.RunRequest;
import io.taskrunner.console.service.runs.RunService;
import io.taskrunner.console.service.runs.RunSnapshot;
import io.taskrunner.console.service.runs.TaskRunRequest;
import io.taskrunner.protocol.message.OutputStreamName;
import io.taskrunner.protocol.message.RunState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Runs held in memory. Like the real service, {@link #start} reports the pending run to the listeners before its
 * future completes; the future completes when the test calls {@link #completeStart} (or at once with
 * {@link #completeStartsAtOnce}).
 */
public final class InMemoryRunService implements RunService {
    static final Instant CREATED = Instant.parse("2025-03-01T08:20:00Z");

    public final List<RunRequest> requests = new CopyOnWriteArrayList<>();
    public final List<TaskRunRequest> taskRequests = new CopyOnWriteArrayList<>();
    public final List<UUID> cancelled = new CopyOnWriteArrayList<>();
    private final Map<UUID, RunSnapshot> runs = new ConcurrentHashMap<>();
    private final List<Consumer<RunSnapshot>> runListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<RunOutputChunk>> outputListeners = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<UUID>> pendingStarts = new CopyOnWriteArrayList<>();
    private final List<UUID> pendingIds = new CopyOnWriteArrayList<>();
    private boolean completeAtOnce;
    private long seq;

    public InMemoryRunService completeStartsAtOnce() {
        completeAtOnce = true;
        return this;
    }

    @Override
    public CompletableFuture<UUID> start(RunRequest request) {
        requests.add(request);
        UUID id = UUID.randomUUID();
        change(new RunSnapshot(id, request.agentId(), request.argv(), RunState.PENDING, null, CREATED, null, null,
                null, 0, false, null));
        CompletableFuture<UUID> future = new CompletableFuture<>();
        if (completeAtOnce) {
            future.complete(id);
        } else {
            pendingStarts.add(future);
            pendingIds.add(id);
        }
        return future;
    }

    /** Stores the task run as pending, tells the listeners, and completes at once. */
    @Override
    public CompletableFuture<RunSnapshot> runTask(String agentId, TaskRunRequest request) {
        return runTask(agentId, UUID.randomUUID(), request);
    }

    /** Stores the task run with the given id as pending, tells the listeners, and completes at once. */
    @Override
    public CompletableFuture<RunSnapshot> runTask(String agentId, UUID runId, TaskRunRequest request) {
        taskRequests.add(request);
        RunSnapshot run = new RunSnapshot(runId, agentId, List.of(), RunState.PENDING, null, CREATED,
                null, null, null, 0, false, null, request.task(), request.parameters(), 0, null, null, null, null,
                null);
        change(run);
        return CompletableFuture.completedFuture(run);
    }

    /** Stores the group run as pending, without an agent, tells the listeners, and completes at once. */
    @Override
    public CompletableFuture<RunSnapshot> runTaskOnGroup(String group, TaskRunRequest request) {
        taskRequests.add(request);
        RunSnapshot run = new RunSnapshot(UUID.randomUUID(), null, List.of(), RunState.PENDING, null, CREATED,
                null, null, null, 0, false, null, request.task(), request.parameters(), 0, null, null, null, null,
                null, null, null, null, group);
        change(run);
        return CompletableFuture.completedFuture(run);
    }

    /** Completes the oldest start that is still waiting; returns its run id. */
    public UUID completeStart() {
        UUID id = pendingIds.removeFirst();
        pendingStarts.removeFirst().complete(id);
        return id;
    }

    public void failStart(RuntimeException failure) {
        pendingIds.removeFirst();
        pendingStarts.removeFirst().completeExceptionally(failure);
    }

    public UUID lastRunId() {
        return runs.values().stream().max(java.util.Comparator.comparing(RunSnapshot::createdAt)).orElseThrow()
                .runId();
    }

    /** Stores the snapshot and tells the listeners, on the calling thread. */
    public void change(RunSnapshot run) {
        runs.put(run.runId(), run);
        runListeners.forEach(listener -> listener.accept(run));
    }

    public void state(UUID runId, RunState state, Integer exitCode, Long durationMs) {
        RunSnapshot old = runs.getOrDefault(runId, new RunSnapshot(runId, "agent-2", List.of("other"),
                RunState.PENDING, null, CREATED, null, null, null, 0, false, null));
        change(new RunSnapshot(runId, old.agentId(), old.argv(), state, exitCode, old.createdAt(),
                CREATED.plusSeconds(1), state.isFinal() ? CREATED.plusSeconds(3) : null, durationMs, 0, false,
                null));
    }

    /** Moves a stored task run to {@code state} with its result or error, and tells the listeners. */
    public void taskState(UUID runId, RunState state, String result, String error, Long durationMs) {
        RunSnapshot old = runs.get(runId);
        change(new RunSnapshot(runId, old.agentId(), List.of(), state, null, old.createdAt(), CREATED.plusSeconds(1),
                state.isFinal() ? CREATED.plusSeconds(2) : null, durationMs, 0, false, error, old.taskName(),
                old.parameters(), 1, result, "default", null, null, null));
    }

    public void output(UUID runId, String text) {
        output(new RunOutputChunk(runId, ++seq, OutputStreamName.STDOUT, text));
    }

    public void output(RunOutputChunk chunk) {
        outputListeners.forEach(listener -> listener.accept(chunk));
    }

    public int listenerCount() {
        return runListeners.size() + outputListeners.size();
    }

    @Override
    public CompletableFuture<Void> cancel(UUID runId) {
        cancelled.add(runId);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Optional<RunSnapshot> run(UUID runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    @Override
    public List<RunSnapshot> recentRuns(int limit) {
        return new ArrayList<>(runs.values()).stream().limit(limit).toList();
    }

    @Override
    public List<RunOutputChunk> output(UUID runId) {
        return List.of();
    }

    @Override
    public AutoCloseable onRunChanged(Consumer<RunSnapshot> listener) {
        runListeners.add(listener);
        return () -> runListeners.remove(listener);
    }

    @Override
    public AutoCloseable onOutput(Consumer<RunOutputChunk> listener) {
        outputListeners.add(listener);
        return () -> outputListeners.remove(listener);
    }
}
