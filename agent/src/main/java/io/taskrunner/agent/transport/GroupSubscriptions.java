package io.taskrunner.agent.transport;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * The groups whose shared command subscription the agent holds or still has to give up. A group it left stays
 * "leaving" until the broker confirmed the unsubscribe: with a persistent session a subscription outlives a
 * dropped connection, so the unsubscribe is sent again after every reconnect. Not thread-safe; the connection
 * guards it.
 */
final class GroupSubscriptions {
    /** What to subscribe to and unsubscribe from after a change, by group name. */
    record Change(Set<String> join, Set<String> leave) {
        boolean isEmpty() {
            return join.isEmpty() && leave.isEmpty();
        }
    }

    private final Set<String> joined = new TreeSet<>();
    private final Set<String> leaving = new TreeSet<>();

    Change set(Set<String> groups) {
        Set<String> join = new TreeSet<>(groups);
        join.removeAll(joined);
        Set<String> leave = new TreeSet<>(joined);
        leave.removeAll(groups);
        joined.clear();
        joined.addAll(groups);
        leaving.addAll(leave);
        leaving.removeAll(groups);
        return new Change(Set.copyOf(join), Set.copyOf(leave));
    }

    /** Everything to do on a fresh connection: subscribe to every group, unsubscribe from every one left. */
    Change onConnect() {
        return new Change(Set.copyOf(joined), Set.copyOf(leaving));
    }

    /** The broker confirmed the unsubscribe from {@code group}. */
    void left(String group) {
        leaving.remove(group);
    }

    Set<String> joined() {
        return new HashSet<>(joined);
    }

    Set<String> leaving() {
        return new HashSet<>(leaving);
    }
}
