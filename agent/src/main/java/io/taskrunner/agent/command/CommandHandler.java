package io.taskrunner.agent.command;

import io.taskrunner.agent.events.EventLog;
import io.taskrunner.agent.engine.RunEngine;
import io.taskrunner.agent.engine.RunRequest;
import io.taskrunner.agent.store.ProcessedCommands;
import io.taskrunner.agent.transport.OutboxSender;
import io.taskrunner.protocol.message.AckCommand;
import io.taskrunner.protocol.message.CancelRunCommand;
import io.taskrunner.protocol.message.CommandRejected;
import io.taskrunner.protocol.message.Envelope;
import io.taskrunner.protocol.message.RunCommand;
import io.taskrunner.protocol.message.RunTaskCommand;
import io.taskrunner.protocol.security.CommandRejectedException;
import io.taskrunner.protocol.security.CommandVerifier;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything that arrives on the agent's commands topic passes here: nothing is acted on unless the verifier
 * accepted the console's signature, the target, the expiry and the nonce; a refused command becomes a
 * {@code command.rejected} event naming the field, so the console sees why nothing ran.
 */
public final class CommandHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CommandHandler.class);

    private final CommandVerifier verifier;
    private final ProcessedCommands processed;
    private final RunEngine runs;
    private final OutboxSender outbox;
    private final EventLog events;

    public CommandHandler(CommandVerifier verifier, ProcessedCommands processed, RunEngine runs,
            OutboxSender outbox, EventLog events) {
        this.verifier = verifier;
        this.processed = processed;
        this.runs = runs;
        this.outbox = outbox;
        this.events = events;
    }

    public void handle(byte[] payload) {
        Envelope<?> command;
        try {
            command = verifier.verify(payload);
        } catch (CommandRejectedException e) {
            LOG.warn("rejected command {}: {} ({})", e.commandId(), e.reason(), e.field());
            events.record(new CommandRejected(e.commandId(), e.field(), truncate(e.reason())));
            return;
        }
        switch (command.body()) {
            case AckCommand ack -> outbox.acknowledged(ack.upToSeq(), ack.resend());
            case RunCommand run -> {
                if (firstTime(command)) {
                    runs.submit(command.id(), run);
                }
            }
            case RunTaskCommand run -> {
                if (firstTime(command)) {
                    runs.submit(new RunRequest(run.runId(), command.id(), run.task(), run.definition(),
                            run.parameters(), run.priority(), run.runAt(), run.delaySeconds(), "console"));
                }
            }
            case CancelRunCommand cancel -> {
                if (!runs.cancel(cancel.runId())) {
                    LOG.info("cancel for run {} which is not running here", cancel.runId());
                }
            }
            default -> events.record(new CommandRejected(command.id(), "type",
                    command.type().wireName() + " is not supported by this agent"));
        }
    }

    private boolean firstTime(Envelope<?> command) {
        if (processed.markIfNew(command.id().toString(), Instant.ofEpochMilli(command.expiresAt()))) {
            return true;
        }
        LOG.info("command {} was already executed; not running it again", command.id());
        return false;
    }

    private static String truncate(String reason) {
        return reason.length() <= 1000 ? reason : reason.substring(0, 1000) + "…";
    }
}
