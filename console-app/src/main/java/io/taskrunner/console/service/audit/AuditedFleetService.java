package io.taskrunner.console.service.audit;

import io.taskrunner.console.service.fleet.AgentSnapshot;
import io.taskrunner.console.service.fleet.FleetService;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Writes the operator's removal of an agent (which revokes its certificates) to the audit log; reads pass through. */
public final class AuditedFleetService implements FleetService {
    private final FleetService fleet;
    private final AuditLog audit;

    public AuditedFleetService(FleetService fleet, AuditLog audit) {
        this.fleet = fleet;
        this.audit = audit;
    }

    @Override
    public List<AgentSnapshot> agents() {
        return fleet.agents();
    }

    @Override
    public Optional<AgentSnapshot> agent(String agentId) {
        return fleet.agent(agentId);
    }

    @Override
    public boolean removeAgent(String agentId) {
        return audit.perform("fleet.remove-agent", "agent:" + agentId, Map.of(), () -> fleet.removeAgent(agentId));
    }

    @Override
    public AutoCloseable onAgentChanged(Consumer<AgentSnapshot> listener) {
        return fleet.onAgentChanged(listener);
    }
}
