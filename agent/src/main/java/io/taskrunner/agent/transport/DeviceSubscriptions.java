package io.taskrunner.agent.transport;

import io.taskrunner.protocol.TopicFilter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device topics the agent listens on: the filters its triggers need and the ones its watchdog watches (a
 * device's heartbeat), each subscribed once. A message goes to the watchers of every filter it matches and on to
 * the triggers once, however many of the agent's subscriptions brought a copy of it.
 */
final class DeviceSubscriptions {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceSubscriptions.class);

    /** What to subscribe to and unsubscribe from after a change. */
    record Change(Set<String> subscribe, Set<String> unsubscribe) {
    }

    private record Snapshot(Set<String> triggers, Map<String, List<Runnable>> watchers, Set<String> all) {
    }

    private final Set<String> triggers = new HashSet<>();
    private final Map<String, List<Runnable>> watchers = new HashMap<>();
    private final Set<String> subscribed = new HashSet<>();
    private final DuplicateCopies duplicates = new DuplicateCopies();
    private volatile Snapshot snapshot = new Snapshot(Set.of(), Map.of(), Set.of());

    synchronized Change setTriggers(Set<String> filters) {
        triggers.clear();
        triggers.addAll(filters);
        return update();
    }

    synchronized Change watch(String filter, Runnable onMessage) {
        watchers.computeIfAbsent(filter, key -> new CopyOnWriteArrayList<>()).add(onMessage);
        return update();
    }

    synchronized Change unwatch(String filter, Runnable onMessage) {
        List<Runnable> list = watchers.get(filter);
        if (list != null) {
            list.remove(onMessage);
            if (list.isEmpty()) {
                watchers.remove(filter);
            }
        }
        return update();
    }

    /** Every filter to subscribe to, e.g. again after a reconnect. */
    Set<String> all() {
        return snapshot.all();
    }

    /**
     * Tells the watchers of a message on {@code topic} and says whether it goes on to the triggers: only when a
     * trigger filter matches and it is not a further copy of one just taken. Called on the network thread.
     */
    boolean deliver(String topic, byte[] payload, byte[] correlation) {
        Snapshot now = snapshot;
        int copies = 0;
        for (String filter : now.all()) {
            if (TopicFilter.matches(filter, topic)) {
                copies++;
            }
        }
        now.watchers().forEach((filter, list) -> {
            if (TopicFilter.matches(filter, topic)) {
                for (Runnable watcher : list) {
                    try {
                        watcher.run();
                    } catch (RuntimeException e) {
                        LOG.warn("a watcher of {} failed", filter, e);
                    }
                }
            }
        });
        boolean forTriggers = now.triggers().stream().anyMatch(filter -> TopicFilter.matches(filter, topic));
        if (!forTriggers) {
            return false;
        }
        synchronized (duplicates) {
            return !duplicates.isExtraCopy(topic, payload, correlation == null ? new byte[0] : correlation, copies,
                    System.nanoTime());
        }
    }

    private Change update() {
        Set<String> wanted = new HashSet<>(triggers);
        wanted.addAll(watchers.keySet());
        Set<String> added = new HashSet<>(wanted);
        added.removeAll(subscribed);
        Set<String> removed = new HashSet<>(subscribed);
        removed.removeAll(wanted);
        subscribed.clear();
        subscribed.addAll(wanted);
        Map<String, List<Runnable>> watching = new HashMap<>();
        watchers.forEach((filter, list) -> watching.put(filter, new ArrayList<>(list)));
        snapshot = new Snapshot(Set.copyOf(triggers), Map.copyOf(watching), Set.copyOf(wanted));
        return new Change(added, removed);
    }
}
