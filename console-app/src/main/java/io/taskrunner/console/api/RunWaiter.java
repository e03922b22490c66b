package io.taskrunner.console.api;

import io.taskrunner.console.service.runs.RunService;
import io.taskrunner.console.service.runs.RunSnapshot;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells when runs end. Run events come on a transport thread, which must never wait: the futures are completed
 * on {@code executor}, so whatever depends on them (an answer, a callback) runs there.
 */
final class RunWaiter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunWaiter.class);
    private final Map<UUID, List<CompletableFuture<RunSnapshot>>> waiting = new ConcurrentHashMap<>();
    private final RunService runs;
    private final Executor executor;
    private final AutoCloseable subscription;

    RunWaiter(RunService runs, Executor executor) {
        this.runs = runs;
        this.executor = executor;
        this.subscription = runs.onRunChanged(this::changed);
    }

    /**
     * Completes with the run once it is final (at once when it is already). Register before starting a run so its
     * end cannot be missed; {@link #forget} when nobody needs it any more.
     */
    CompletableFuture<RunSnapshot> whenFinished(UUID runId) {
        CompletableFuture<RunSnapshot> future = new CompletableFuture<>();
        waiting.computeIfAbsent(runId, id -> new CopyOnWriteArrayList<>()).add(future);
        runs.run(runId).filter(run -> run.state().isFinal()).ifPresent(this::finish);
        return future;
    }

    void forget(UUID runId, CompletableFuture<RunSnapshot> future) {
        waiting.computeIfPresent(runId, (id, futures) -> {
            futures.remove(future);
            return futures.isEmpty() ? null : futures;
        });
    }

    /** Nobody waits for this run any more (it was never started). */
    void forgetAll(UUID runId) {
        waiting.remove(runId);
    }

    private void changed(RunSnapshot run) {
        if (run.state().isFinal() && waiting.containsKey(run.runId())) {
            executor.execute(() -> finish(run));
        }
    }

    private void finish(RunSnapshot run) {
        List<CompletableFuture<RunSnapshot>> futures = waiting.remove(run.runId());
        if (futures != null) {
            futures.forEach(future -> future.complete(run));
        }
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.debug("cannot unsubscribe from run changes: {}", e.toString());
        }
        waiting.values().forEach(futures -> futures.forEach(future -> future.cancel(false)));
        waiting.clear();
    }
}
