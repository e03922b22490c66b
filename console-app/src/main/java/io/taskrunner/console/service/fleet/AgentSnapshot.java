package io.taskrunner.console.service.fleet;

import java.time.Instant;
import java.util.List;

/**
 * What the console knows of one agent at a moment. Metric fields are {@code null} until the agent reported them;
 * {@code lastSeen} is the time of its last state, metrics or event message.
 */
public record AgentSnapshot(
        String agentId,
        AgentConnectionStatus status,
        String hostName,
        String os,
        String agentVersion,
        List<String> addresses,
        Double cpuPercent,
        Double memoryPercent,
        Long diskFreeBytes,
        Instant lastSeen) {

    public AgentSnapshot {
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
    }

    public boolean online() {
        return status == AgentConnectionStatus.ONLINE;
    }
}
