package io.taskrunner.agent.scheduler;

import io.taskrunner.agent.engine.RunEngine;
import io.taskrunner.agent.engine.RunRecord;
import io.taskrunner.agent.engine.RunRequest;
import io.taskrunner.protocol.message.RunState;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Accepts runs that do not finish until the test says so (or rejects them all). */
final class FakeSubmitter implements RunSubmitter {
    final List<RunRequest> submitted = new CopyOnWriteArrayList<>();
    private final Map<UUID, Consumer<RunRecord>> listeners = new ConcurrentHashMap<>();
    volatile String rejectWith;

    @Override
    public RunEngine.Submission submit(RunRequest request, Consumer<RunRecord> whenFinished) {
        submitted.add(request);
        if (rejectWith != null) {
            whenFinished.accept(record(request.runId(), RunState.REJECTED));
            return new RunEngine.Submission(request.runId(), false, rejectWith);
        }
        listeners.put(request.runId(), whenFinished);
        return new RunEngine.Submission(request.runId(), true, null);
    }

    void finish(UUID runId) {
        listeners.remove(runId).accept(record(runId, RunState.SUCCEEDED));
    }

    void finishAll() {
        List.copyOf(listeners.keySet()).forEach(this::finish);
    }

    private static RunRecord record(UUID runId, RunState state) {
        return new RunRecord(runId, "task", "default", "schedule", state, 1, 0, null, 0, null, 0, 0, false, null,
                null, Map.of(), null);
    }
}
