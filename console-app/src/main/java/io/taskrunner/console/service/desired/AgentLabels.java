package io.taskrunner.console.service.desired;

import java.util.Objects;
import java.util.Set;

/** An agent with the groups and tags the operator gave it. */
public record AgentLabels(String agentId, Set<String> groups, Set<String> tags) {
    public AgentLabels {
        Objects.requireNonNull(agentId, "agentId");
        groups = Set.copyOf(groups);
        tags = Set.copyOf(tags);
    }
}
