package io.taskrunner.console.viewmodel;

import io.taskrunner.console.service.fleet.AgentConnectionStatus;
import io.taskrunner.console.service.fleet.AgentSnapshot;
import io.taskrunner.console.service.fleet.FleetService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A fleet held in memory; {@link #put} plays the transport thread that reports a change. */
public class InMemoryFleetService implements FleetService {
    private final Map<String, AgentSnapshot> agents = new LinkedHashMap<>();
    private final List<Consumer<AgentSnapshot>> listeners = new CopyOnWriteArrayList<>();

    public static AgentSnapshot agent(String id, AgentConnectionStatus status, String host, String os, Double cpu,
            Double memory) {
        return new AgentSnapshot(id, status, host, os, "0.1.0", List.of("10.0.0.7"), cpu, memory, 1L << 34,
                Instant.parse("2025-03-01T08:15:30Z"));
    }

    /** Stores the agent and tells the listeners, on the calling thread. */
    public void put(AgentSnapshot agent) {
        synchronized (agents) {
            agents.put(agent.agentId(), agent);
        }
        listeners.forEach(listener -> listener.accept(agent));
    }

    public int listenerCount() {
        return listeners.size();
    }

    @Override
    public List<AgentSnapshot> agents() {
        synchronized (agents) {
            return new ArrayList<>(agents.values());
        }
    }

    @Override
    public Optional<AgentSnapshot> agent(String agentId) {
        synchronized (agents) {
            return Optional.ofNullable(agents.get(agentId));
        }
    }

    @Override
    public boolean removeAgent(String agentId) {
        synchronized (agents) {
            return agents.remove(agentId) != null;
        }
    }

    @Override
    public AutoCloseable onAgentChanged(Consumer<AgentSnapshot> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
