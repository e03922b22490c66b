package io.taskrunner.console.service.broker;

import java.util.Set;

/**
 * The groups whose shared command subscription each agent may hold. Implemented from the console's desired state;
 * called on broker threads for every subscription check, so answers come from memory.
 */
@FunctionalInterface
public interface AgentGroupDirectory {
    /**
     * The groups {@code agentId} may take commands of: those it is labelled with now and, until it has applied a
     * bundle without them, those of the bundle it applied last (its persistent session still holds their
     * subscriptions, and the broker would refuse its reconnect otherwise). Empty for an agent in no group.
     */
    Set<String> groupsOf(String agentId);

    /** No agent is in any group. */
    static AgentGroupDirectory none() {
        return agentId -> Set.of();
    }
}
