package io.taskrunner.agent.api.core;

import io.taskrunner.agent.events.EventLog;
import io.taskrunner.protocol.message.MessageBody;
import io.taskrunner.protocol.message.RunFinished;
import io.taskrunner.protocol.message.RunRetrying;
import io.taskrunner.protocol.message.RunStarted;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the lifecycle events of a run (started, retrying, finished) to whoever watches that run. It hears every event
 * the engine records, on the recording thread, so watchers must only queue what they get.
 */
public final class RunEventHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunEventHub.class);

    private final Map<UUID, List<Consumer<MessageBody>>> watchers = new ConcurrentHashMap<>();
    private final AutoCloseable observation;

    public RunEventHub(EventLog events) {
        this.observation = events.observe(this::recorded);
    }

    /** Watches {@code runId}'s lifecycle until the returned handle is closed. */
    public Runnable watch(UUID runId, Consumer<MessageBody> watcher) {
        watchers.computeIfAbsent(runId, id -> new CopyOnWriteArrayList<>()).add(watcher);
        return () -> watchers.computeIfPresent(runId, (id, list) -> {
            list.remove(watcher);
            return list.isEmpty() ? null : list;
        });
    }

    private void recorded(MessageBody body) {
        UUID runId = switch (body) {
            case RunStarted started -> started.runId();
            case RunRetrying retrying -> retrying.runId();
            case RunFinished finished -> finished.runId();
            default -> null;
        };
        List<Consumer<MessageBody>> list = runId == null ? null : watchers.get(runId);
        if (list != null) {
            list.forEach(watcher -> watcher.accept(body));
        }
    }

    @Override
    public void close() {
        try {
            observation.close();
        } catch (Exception e) {
            LOG.warn("cannot stop observing run events", e);
        }
    }
}
