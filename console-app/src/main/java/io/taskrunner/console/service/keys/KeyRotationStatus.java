package io.taskrunner.console.service.keys;

import java.util.List;

/**
 * The console's signing keys and the latest rotation.
 *
 * @param previousKeyId the key being rotated out, or {@code null} when no rotation waits for agents
 * @param agents        every agent the latest rotation was announced to, by id
 */
public record KeyRotationStatus(String currentKeyId, String previousKeyId, List<AgentKeyStatus> agents) {

    public KeyRotationStatus {
        agents = List.copyOf(agents);
    }

    /** The agents that still trust only the previous key. */
    public List<String> waitingFor() {
        return agents.stream().filter(agent -> !agent.confirmed()).map(AgentKeyStatus::agentId).toList();
    }

    public boolean inProgress() {
        return previousKeyId != null;
    }
}
