package io.taskrunner.console.service.desired;

import java.util.List;

/**
 * What a deployment changes on one agent, as a dry run shows it. Names are {@code kind/name} (or {@code group/name}
 * for the groups the bundle names), e.g.
 * {@code task/backup}.
 *
 * @param online   whether the agent is connected now (an offline one gets the bundle when it returns)
 * @param problem  why this agent's bundle cannot be deployed (e.g. a trigger names a task it does not get), or
 *                 {@code null}
 */
public record AgentChange(String agentId, boolean online, List<String> added, List<String> changed,
        List<String> removed, String problem) {

    public AgentChange {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
    }

    public boolean changesSomething() {
        return !added.isEmpty() || !changed.isEmpty() || !removed.isEmpty();
    }
}
