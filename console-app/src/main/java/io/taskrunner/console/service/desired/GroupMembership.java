package io.taskrunner.console.service.desired;

import io.taskrunner.console.persistence.Database;
import io.taskrunner.console.service.broker.AgentGroupDirectory;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is in which group, in memory for the broker (asked for every subscription) and for group runs: the groups each
 * agent is labelled with, and the groups of the bundle each agent applied last. Loaded from H2 before the broker
 * starts and kept current by {@link DefaultDesiredStateService}. Thread-safe.
 */
public final class GroupMembership implements AgentGroupDirectory {
    private final Map<String, Set<String>> labelled = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> applied = new ConcurrentHashMap<>();

    /** The labels and applied bundles stored in {@code database}. */
    public static GroupMembership load(Database database) {
        GroupMembership membership = new GroupMembership();
        new DefinitionRepository(database).labels().values()
                .forEach(labels -> membership.labelled(labels.agentId(), labels.groups()));
        new BundleRepository(database).all().values()
                .forEach(bundle -> membership.applied(bundle.agentId(), bundle.appliedGroups()));
        return membership;
    }

    @Override
    public Set<String> groupsOf(String agentId) {
        Set<String> now = labelled.getOrDefault(agentId, Set.of());
        Set<String> before = applied.getOrDefault(agentId, Set.of());
        if (before.isEmpty() || now.containsAll(before)) {
            return now;
        }
        Set<String> both = new HashSet<>(now);
        both.addAll(before);
        return both;
    }

    /** True when at least one agent is labelled with {@code group}. */
    public boolean hasMembers(String group) {
        return labelled.values().stream().anyMatch(groups -> groups.contains(group));
    }

    void labelled(String agentId, Set<String> groups) {
        put(labelled, agentId, groups);
    }

    void applied(String agentId, Set<String> groups) {
        put(applied, agentId, groups);
    }

    private static void put(Map<String, Set<String>> map, String agentId, Set<String> groups) {
        if (groups.isEmpty()) {
            map.remove(agentId);
        } else {
            map.put(agentId, Set.copyOf(groups));
        }
    }
}
