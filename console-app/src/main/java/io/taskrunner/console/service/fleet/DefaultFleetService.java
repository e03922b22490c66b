package io.taskrunner.console.service.fleet;

import io.taskrunner.console.service.field.LiveValues;
import io.taskrunner.console.service.fleet.AgentRepository;
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
    private final Listeners<AgentSnapshot> listeners = new Listeners<>();

    public DefaultFleetService(AgentRepository agents, MessageCodec codec, Clock clock) {
        this.agents = agents;
        this.codec = codec;
        this.clock = clock;
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

    /** An agent enrolled or sent its first event. */
    public void agentRegistered(String agentId) {
        agents.ensure(agentId, clock.instant());
        agents.find(agentId).ifPresent(listeners::fire);
    }
}
