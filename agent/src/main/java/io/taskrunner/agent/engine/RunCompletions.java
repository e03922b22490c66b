package io.taskrunner.agent.engine;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Who waits for a run's end (a device wanting its reply, an HTTP caller with {@code wait}); told once, then forgotten. */
final class RunCompletions {
    private static final Logger LOG = LoggerFactory.getLogger(RunCompletions.class);

    private final Map<UUID, Consumer<RunRecord>> waiting = new ConcurrentHashMap<>();

    void register(UUID runId, Consumer<RunRecord> listener) {
        if (waiting.putIfAbsent(runId, listener) != null) {
            throw new IllegalStateException("someone already waits for run " + runId);
        }
    }

    void forget(UUID runId) {
        waiting.remove(runId);
    }

    void finished(RunRecord record) {
        Consumer<RunRecord> listener = waiting.remove(record.runId());
        if (listener == null) {
            return;
        }
        try {
            listener.accept(record);
        } catch (RuntimeException e) {
            LOG.warn("telling about the end of run {} failed", record.runId(), e);
        }
    }
}
