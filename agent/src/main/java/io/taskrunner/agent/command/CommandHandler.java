package io.taskrunner.agent.command;

import io.taskrunner.agent.config.AgentConfigException;
import io.taskrunner.agent.config.ConsoleKeys;
import io.taskrunner.agent.events.EventLog;
import io.taskrunner.agent.engine.RunEngine;
import io.taskrunner.agent.engine.RunRequest;
import io.taskrunner.agent.store.ProcessedCommands;
import io.taskrunner.agent.transport.OutboxSender;
import io.taskrunner.protocol.Topics;
import io.taskrunner.protocol.message.AckCommand;
import io.taskrunner.protocol.message.CancelRunCommand;
import io.taskrunner.protocol.message.CommandRejected;
import io.taskrunner.protocol.message.Envelope;
import io.taskrunner.protocol.message.KeyRotateCommand;
import io.taskrunner.protocol.message.KeyRotated;
import io.taskrunner.protocol.message.RunCommand;
import io.taskrunner.protocol.message.RunTaskCommand;
import io.taskrunner.protocol.security.CommandRejectedException;
import io.taskrunner.protocol.security.CommandVerifier;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything that arrives on the agent's commands topic, or on the commands topic of one of its groups, passes
 * here: nothing is acted on unless the verifier accepted the console's signature, the target (this agent, or a group
 * it is in now), the expiry and the nonce; a refused command becomes a {@code command.rejected} event naming the
 * field, so the console sees why nothing ran. A group may be sent task runs only. Each command id and each run id
 * runs at most once on this agent, however often the broker delivers it. A {@code key.rotate} (verified under the
 * key trusted now, like any command) switches the agent to the console's next signing key and is answered with
 * {@code key.rotated}.
 */
public final class CommandHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CommandHandler.class);

    private final CommandVerifier verifier;
    private final ProcessedCommands processed;
    private final RunEngine runs;
    private final OutboxSender outbox;
    private final EventLog events;
    private final Supplier<Set<String>> groups;
    private final ConsoleKeys consoleKeys;

    /** A handler for an agent in no group. */
    public CommandHandler(CommandVerifier verifier, ProcessedCommands processed, RunEngine runs,
            OutboxSender outbox, EventLog events) {
        this(verifier, processed, runs, outbox, events, Set::of);
    }

    /** @param groups the groups the agent is in now (its desired bundle's); read for every command */
    public CommandHandler(CommandVerifier verifier, ProcessedCommands processed, RunEngine runs,
            OutboxSender outbox, EventLog events, Supplier<Set<String>> groups) {
        this(verifier, processed, runs, outbox, events, groups, null);
    }

    /**
     * @param groups      the groups the agent is in now (its desired bundle's); read for every command
     * @param consoleKeys the key ring {@code verifier} reads, which {@code key.rotate} changes; {@code null}: key
     *                    rotation is refused as unsupported
     */
    public CommandHandler(CommandVerifier verifier, ProcessedCommands processed, RunEngine runs,
            OutboxSender outbox, EventLog events, Supplier<Set<String>> groups, ConsoleKeys consoleKeys) {
        this.groups = groups;
        this.consoleKeys = consoleKeys;
        this.verifier = verifier;
        this.processed = processed;
        this.runs = runs;
        this.outbox = outbox;
        this.events = events;
    }

    public void handle(byte[] payload) {
        Envelope<?> command;
        try {
            command = verifier.verify(payload, groups.get());
        } catch (CommandRejectedException e) {
            LOG.warn("rejected command {}: {} ({})", e.commandId(), e.reason(), e.field());
            events.record(new CommandRejected(e.commandId(), e.field(), truncate(e.reason())));
            return;
        }
        Optional<String> group = Topics.groupOfTarget(command.target());
        if (group.isPresent() && !(command.body() instanceof RunTaskCommand)) {
            events.record(new CommandRejected(command.id(), "type", command.type().wireName()
                    + " cannot be sent to a group; only command.run-task can"));
            return;
        }
        if (group.isPresent()) {
            LOG.info("took command {} for group {}", command.id(), group.get());
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
                            run.parameters(), run.priority(), run.runAt(), run.delaySeconds(), "console", run.file()));
                }
            }
            case CancelRunCommand cancel -> {
                if (!runs.cancel(cancel.runId())) {
                    LOG.info("cancel for run {} which is not running here", cancel.runId());
                }
            }
            case KeyRotateCommand rotate when consoleKeys != null -> {
                if (firstTime(command)) {
                    rotateKey(command, rotate);
                }
            }
            default -> events.record(new CommandRejected(command.id(), "type",
                    command.type().wireName() + " is not supported by this agent"));
        }
    }

    private void rotateKey(Envelope<?> command, KeyRotateCommand rotate) {
        KeyRotated rotated;
        try {
            rotated = consoleKeys.rotate(rotate);
        } catch (IllegalArgumentException e) {
            LOG.warn("refused console key rotation {}: {}", command.id(), e.getMessage());
            events.record(new CommandRejected(command.id(), "body.publicKey", truncate(e.getMessage())));
            return;
        } catch (AgentConfigException e) {
            LOG.error("cannot store the console's new signing key; keeping the old one", e);
            events.record(new CommandRejected(command.id(), null, truncate(e.getMessage())));
            return;
        }
        LOG.info("now trusting console signing key {} (made {}); key {} is refused from now on", rotated.keyId(),
                Instant.ofEpochMilli(rotate.validFrom()), rotated.previousKeyId());
        events.record(rotated);
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
