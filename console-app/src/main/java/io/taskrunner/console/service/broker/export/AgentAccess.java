package io.taskrunner.console.service.broker.export;

import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import io.taskrunner.console.service.broker.ClientIdentity;

/**
 * One agent as the exported rules see it: its id (its certificate's CN, so its user name on a broker that takes the
 * certificate's identity as user name) and the groups whose commands it may take.
 *
 * @param groups sorted, so the exported files do not change between runs without a reason
 */
public record AgentAccess(String agentId, SortedSet<String> groups) {
    public AgentAccess {
        String problem = ClientIdentity.problemWith(agentId);
        if (problem != null || ClientIdentity.CONSOLE.equals(agentId)) {
            throw new IllegalArgumentException("agentId " + (problem != null ? problem : "must not be the console's"));
        }
        groups = new TreeSet<>(Objects.requireNonNull(groups, "groups"));
    }

    public AgentAccess(String agentId, Set<String> groups) {
        this(agentId, new TreeSet<>(groups));
    }
}
