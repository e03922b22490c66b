package io.taskrunner.console.service.field;

import io.taskrunner.protocol.message.CollectorValues;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest values of every agent's collectors, with a short history per collector for charts. Values are live
 * data, not records: they are kept in memory only (a collector that must keep its values stores them in a table).
 * Thread-safe; listeners are told on the thread that received the values and must not block.
 */
public final class LiveValues {
    private static final Logger LOG = LoggerFactory.getLogger(LiveValues.class);
    /** Readings kept per collector: ten minutes at one poll a second. */
    public static final int HISTORY = 600;

    private final Map<Key, Deque<CollectorReading>> readings = new ConcurrentHashMap<>();
    private final List<Consumer<CollectorReading>> listeners = new CopyOnWriteArrayList<>();

    private record Key(String agentId, String collector) {
    }

    public void accept(String agentId, CollectorValues values, Instant at) {
        CollectorReading reading = new CollectorReading(agentId, values.collector(), at, values.values(),
                values.error());
        Deque<CollectorReading> history = readings.computeIfAbsent(new Key(agentId, values.collector()),
                key -> new ArrayDeque<>());
        synchronized (history) {
            history.addLast(reading);
            while (history.size() > HISTORY) {
                history.removeFirst();
            }
        }
        for (Consumer<CollectorReading> listener : listeners) {
            try {
                listener.accept(reading);
            } catch (RuntimeException e) {
                LOG.warn("a live-values listener failed", e);
            }
        }
    }

    /** The newest reading of each of the agent's collectors, by collector name. */
    public List<CollectorReading> latest(String agentId) {
        return readings.entrySet().stream().filter(entry -> entry.getKey().agentId().equals(agentId))
                .map(entry -> {
                    synchronized (entry.getValue()) {
                        return entry.getValue().peekLast();
                    }
                })
                .filter(java.util.Objects::nonNull)
                .sorted(Comparator.comparing(CollectorReading::collector))
                .toList();
    }

    /** The collector's kept readings, oldest first. */
    public List<CollectorReading> history(String agentId, String collector) {
        Deque<CollectorReading> history = readings.get(new Key(agentId, collector));
        if (history == null) {
            return List.of();
        }
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    /** Forgets an agent's values, e.g. when it is removed. */
    public void forget(String agentId) {
        readings.keySet().removeIf(key -> key.agentId().equals(agentId));
    }

    /** Tells {@code listener} of every reading; closing the handle stops it. */
    public AutoCloseable onReading(Consumer<CollectorReading> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
