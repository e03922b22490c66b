package io.taskrunner.console.service.fleet;

import io.taskrunner.console.service.certificates.AgentCertificates;
import io.taskrunner.console.service.field.LiveValues;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.message.AgentMetrics;
import io.taskrunner.protocol.message.AgentState;
import io.taskrunner.protocol.message.AgentStatus;
import io.taskrunner.protocol.message.CollectorValues;
import io.taskrunner.protocol.message.Envelope;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tracks agents from their retained state (and will) and their metrics; H2 keeps the last known facts. */
public final class DefaultFleetService implements FleetService {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultFleetService.class);

    private final AgentRepository agents;
    private final MessageCodec codec;
    private final Clock clock;
    /** Null when agents' certificates are not tracked (tests of the fleet alone): removal then only unlists. */
    private final AgentCertificates certificates;
    private final Listeners<AgentSnapshot> listeners = new Listeners<>();

    public DefaultFleetService(AgentRepository agents, MessageCodec codec, Clock clock) {
        this(agents, codec, clock, null);
    }

    /** @param certificates revokes a removed agent's certificates */
    public DefaultFleetService(AgentRepository agents, MessageCodec codec, Clock clock,
            AgentCertificates certificates) {
        this.agents = agents;
        this.codec = codec;
        this.clock = clock;
        this.certificates = certificates;
    }

    @Override
    public List<AgentSnapshot> agents() {
        return agents.findAll();
    }

    @Override
    public Optional<AgentSnapshot> agent(String agentId) {
        return agents.find(agentId);
    }

    @Override
    public boolean removeAgent(String agentId) {
        if ("console".equals(agentId)) {
            throw new IllegalArgumentException("agentId 'console' is the console itself and cannot be removed");
        }
        if (agents.find(agentId).isEmpty()) {
            return false;
        }
        // revoke first: from here on the broker refuses the agent, whatever happens to the rest
        if (certificates != null) {
            certificates.revokeAgent(agentId);
        }
        agents.markRemoved(agentId, clock.instant());
        // no listener call: a snapshot means "listed"; whoever removed it refreshes its list
        LOG.info("agent {} removed from the fleet", agentId);
        return true;
    }

    @Override
    public AutoCloseable onAgentChanged(Consumer<AgentSnapshot> listener) {
        return listeners.add(listener);
    }

    /** A retained state message (or the will) arrived. */
    public void stateReceived(String agentId, byte[] payload) {
        AgentState state;
        try {
            state = codec.decode(payload, AgentState.class).body();
        } catch (ProtocolException e) {
            LOG.warn("dropping unreadable state from {}: {}", agentId, e.getMessage());
            return;
        }
        AgentConnectionStatus status = state.status() == AgentStatus.ONLINE ? AgentConnectionStatus.ONLINE
                : AgentConnectionStatus.OFFLINE;
        LOG.info("agent {} is {}", agentId, status.name().toLowerCase(java.util.Locale.ROOT));
        agents.saveState(agentId, status, state.hostName(), state.os(), state.osVersion(), state.arch(),
                state.agentVersion(), state.addresses(), clock.instant());
        agents.find(agentId).ifPresent(listeners::fire);
    }

    /**
     * A message on an agent's metrics topic: its load figures, or a collector's values for {@code liveValues}.
     * Anything else there is dropped with a warning.
     */
    public void metricsReceived(String agentId, byte[] payload, LiveValues liveValues) {
        Envelope<?> envelope;
        try {
            envelope = codec.decode(payload);
        } catch (ProtocolException e) {
            LOG.warn("dropping an unreadable metrics message from {}: {}", agentId, e.getMessage());
            return;
        }
        switch (envelope.body()) {
            case AgentMetrics metrics -> metricsReceived(agentId, metrics);
            case CollectorValues values -> liveValues.accept(agentId, values, Instant.ofEpochMilli(envelope.ts()));
            default -> LOG.warn("dropping a {} message from {} on its metrics topic", envelope.type().wireName(),
                    agentId);
        }
    }

    private void metricsReceived(String agentId, AgentMetrics metrics) {
        agents.saveMetrics(agentId, metrics.cpuPercent(), metrics.memoryPercent(), metrics.diskFreeBytes(),
                clock.instant());
        agents.find(agentId).ifPresent(listeners::fire);
    }

    /** An agent was enrolled: listed again even if it had been removed before. */
    public void agentEnrolled(String agentId) {
        agents.restore(agentId, clock.instant());
        agents.find(agentId).ifPresent(listeners::fire);
    }

    /** An agent enrolled or sent its first event. */
    public void agentRegistered(String agentId) {
        agents.ensure(agentId, clock.instant());
        agents.find(agentId).ifPresent(listeners::fire);
    }
}
