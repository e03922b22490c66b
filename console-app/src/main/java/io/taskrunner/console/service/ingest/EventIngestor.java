package io.taskrunner.console.service.ingest;

import io.taskrunner.console.service.fleet.AgentRepository;
import io.taskrunner.console.persistence.Database;
import io.taskrunner.console.service.alerts.AlertSnapshot;
import io.taskrunner.console.service.alerts.DefaultAlertService;
import io.taskrunner.console.service.desired.DefaultDesiredStateService;
import io.taskrunner.console.persistence.EventRepository;
import io.taskrunner.console.service.runs.RunRepository;
import io.taskrunner.console.service.runs.RunOutputChunk;
import io.taskrunner.console.service.runs.RunUpdateListener;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.message.AlertRaised;
import io.taskrunner.protocol.message.CommandRejected;
import io.taskrunner.protocol.message.DesiredApplied;
import io.taskrunner.protocol.message.Envelope;
import io.taskrunner.protocol.message.KeyRotated;
import io.taskrunner.protocol.message.RunFinished;
import io.taskrunner.protocol.message.RunOutput;
import io.taskrunner.protocol.message.RunProgress;
import io.taskrunner.protocol.message.RunQueued;
import io.taskrunner.protocol.message.RunRetrying;
import io.taskrunner.protocol.message.RunStarted;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores agent events exactly once and in order, then acknowledges them. Each agent's events carry consecutive
 * sequence numbers; an event is applied only when it is the next one expected, in the same transaction that
 * moves the agent's acknowledgement mark. Older ones are duplicates (re-sent after a reconnect) and are dropped;
 * a gap means the broker lost something, so the agent is asked to send again from the mark.
 */
public final class EventIngestor {
    private static final Logger LOG = LoggerFactory.getLogger(EventIngestor.class);

    private final Database database;
    private final AgentRepository agents;
    private final RunRepository runs;
    private final EventRepository events;
    private final MessageCodec codec;
    private final Acknowledgements acks;
    private final RunUpdateListener listener;
    private final DefaultAlertService alerts;
    private final DefaultDesiredStateService desired;
    private final Clock clock;
    private volatile KeyConfirmations keyConfirmations = KeyConfirmations.NONE;

    public EventIngestor(Database database, AgentRepository agents, RunRepository runs, EventRepository events,
            MessageCodec codec, AckScheduler acks, RunUpdateListener listener, DefaultAlertService alerts,
            DefaultDesiredStateService desired, Clock clock) {
        this(database, agents, runs, events, codec, (Acknowledgements) acks, listener, alerts, desired, clock);
    }

    EventIngestor(Database database, AgentRepository agents, RunRepository runs, EventRepository events,
            MessageCodec codec, Acknowledgements acks, RunUpdateListener listener, DefaultAlertService alerts,
            DefaultDesiredStateService desired, Clock clock) {
        this.database = database;
        this.agents = agents;
        this.runs = runs;
        this.events = events;
        this.codec = codec;
        this.acks = acks;
        this.listener = listener;
        this.alerts = alerts;
        this.desired = desired;
        this.clock = clock;
    }

    /** Hands every agent's {@code key.rotated} to {@code confirmations} (the key rotation service). */
    public void onKeyRotated(KeyConfirmations confirmations) {
        this.keyConfirmations = confirmations;
    }

    public void accept(String agentId, byte[] payload) {
        Envelope<?> event;
        try {
            event = codec.decode(payload);
        } catch (ProtocolException e) {
            LOG.warn("dropping unreadable event from {}: {}", agentId, e.getMessage());
            return;
        }
        if (event.seq() == null) {
            LOG.warn("dropping {} from {} on the events topic: it is not an event", event.type().wireName(), agentId);
            return;
        }
        Outcome outcome = database.inTransaction(connection -> apply(connection, agentId, event, payload));
        switch (outcome.kind()) {
            case APPLIED -> {
                acks.acknowledge(agentId, event.seq());
                outcome.changedRun().ifPresent(listener::runChanged);
                outcome.output().forEach(listener::output);
                outcome.alert().ifPresent(alerts::changed);
                if (event.body() instanceof KeyRotated rotated) {
                    keyConfirmations.recorded(agentId, rotated);
                }
            }
            case DUPLICATE -> acks.acknowledge(agentId, outcome.ackedSeq());
            case GAP -> {
                LOG.debug("event {} from {} arrived before {}; asking for a resend", event.seq(), agentId,
                        outcome.ackedSeq() + 1);
                acks.requestResend(agentId, outcome.ackedSeq());
            }
        }
    }

    private Outcome apply(Connection connection, String agentId, Envelope<?> event, byte[] payload)
            throws SQLException {
        agents.ensure(connection, agentId, clock.instant());
        long acked = agents.ackedSeq(connection, agentId);
        long seq = event.seq();
        if (seq <= acked) {
            return new Outcome(Kind.DUPLICATE, acked, Optional.empty(), List.of(), Optional.empty());
        }
        if (seq != acked + 1) {
            return new Outcome(Kind.GAP, acked, Optional.empty(), List.of(), Optional.empty());
        }
        UUID runId = runIdOf(event);
        boolean fresh = events.insertIfAbsent(connection, event.id(), agentId, seq, event.type().wireName(),
                event.timestamp(), runId, new String(payload, StandardCharsets.UTF_8));
        List<RunOutputChunk> output = new ArrayList<>();
        Optional<UUID> changed = Optional.empty();
        Optional<AlertSnapshot> alert = Optional.empty();
        if (fresh && event.body() instanceof AlertRaised raised) {
            alert = alerts.repository().apply(connection, agentId, raised, event.timestamp());
        } else if (fresh && event.body() instanceof DesiredApplied answer) {
            desired.answered(connection, agentId, answer, event.timestamp());
        } else if (fresh && event.body() instanceof KeyRotated rotated) {
            keyConfirmations.record(connection, agentId, rotated, event.timestamp());
        } else if (fresh) {
            changed = applyToRun(connection, agentId, event, output);
        }
        agents.setAckedSeq(connection, agentId, seq, clock.instant());
        return new Outcome(Kind.APPLIED, seq, changed, output, alert);
    }

    private Optional<UUID> applyToRun(Connection connection, String agentId, Envelope<?> event,
            List<RunOutputChunk> output) throws SQLException {
        return switch (event.body()) {
            case RunQueued queued -> runs.markQueued(connection, agentId, queued, event.timestamp())
                    ? Optional.of(queued.runId()) : Optional.empty();
            case RunStarted started -> runs.markRunning(connection, agentId, started.runId(), started.attempt(),
                    event.timestamp()) ? Optional.of(started.runId()) : Optional.empty();
            case RunRetrying retrying -> runs.markRetrying(connection, retrying)
                    ? Optional.of(retrying.runId()) : Optional.empty();
            case RunOutput chunk -> {
                RunOutputChunk stored = new RunOutputChunk(chunk.runId(), event.seq(), chunk.stream(), chunk.text());
                runs.appendOutput(connection, stored);
                output.add(stored);
                yield Optional.empty();
            }
            case RunProgress progress -> runs.markProgress(connection, progress, event.timestamp())
                    ? Optional.of(progress.runId()) : Optional.empty();
            case RunFinished finished -> runs.markFinished(connection, agentId, finished, event.timestamp())
                    ? Optional.of(finished.runId()) : Optional.empty();
            case CommandRejected rejected -> rejected.commandId() == null ? Optional.empty()
                    : runs.markRejected(connection, rejected.commandId(), describe(rejected), event.timestamp());
            default -> Optional.empty();
        };
    }

    private static String describe(CommandRejected rejected) {
        return rejected.field() == null ? rejected.reason() : rejected.field() + ": " + rejected.reason();
    }

    private static UUID runIdOf(Envelope<?> event) {
        return switch (event.body()) {
            case RunQueued queued -> queued.runId();
            case RunStarted started -> started.runId();
            case RunRetrying retrying -> retrying.runId();
            case RunOutput chunk -> chunk.runId();
            case RunProgress progress -> progress.runId();
            case RunFinished finished -> finished.runId();
            default -> null;
        };
    }

    private enum Kind { APPLIED, DUPLICATE, GAP }

    private record Outcome(Kind kind, long ackedSeq, Optional<UUID> changedRun, List<RunOutputChunk> output,
            Optional<AlertSnapshot> alert) {
    }
}
