package io.taskrunner.console.service.commands;

import io.taskrunner.console.transport.ConsoleTransport;
import io.taskrunner.protocol.Topics;
import io.taskrunner.protocol.message.DesiredBundle;
import io.taskrunner.protocol.message.MessageBody;
import io.taskrunner.protocol.security.CommandSigner;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Signs commands with the console key and publishes them to one agent, or to any one agent of a group. During a key
 * rotation each agent's commands and bundles are signed with the key it trusts ({@link SigningKeys}).
 */
public final class CommandSender {
    private final SigningKeys keys;
    private final ConsoleTransport transport;

    public CommandSender(CommandSigner signer, ConsoleTransport transport) {
        this(new SigningKeys(signer), transport);
    }

    public CommandSender(SigningKeys keys, ConsoleTransport transport) {
        this.keys = keys;
        this.transport = transport;
    }

    public CompletableFuture<Void> send(UUID commandId, String agentId, MessageBody body, Duration lifetime) {
        return transport.sendCommand(agentId, keys.forAgent(agentId).sign(commandId, body, agentId, lifetime).wire());
    }

    /**
     * Signs {@code bundle} for one agent and publishes it retained on its {@code desired} topic, replacing the one
     * there; completes when the broker has it.
     */
    public CompletableFuture<Void> publishDesired(String agentId, DesiredBundle bundle, Duration lifetime) {
        return transport.publishDesired(agentId, keys.forAgent(agentId).sign(bundle, agentId, lifetime).wire());
    }

    /**
     * Signs a command for {@code group:<group>} and publishes it to the group's commands topic, where the broker
     * hands it to one agent of the group (shared subscription); completes when the broker has it. Signed with the
     * newest key: only connected agents take group commands, and a connected agent confirms a rotation at once.
     */
    public CompletableFuture<Void> sendToGroup(UUID commandId, String group, MessageBody body, Duration lifetime) {
        return transport.sendGroupCommand(group, keys.current().sign(commandId, body, Topics.groupTarget(group),
                lifetime).wire());
    }

    public CompletableFuture<Void> send(String agentId, MessageBody body, Duration lifetime) {
        return send(UUID.randomUUID(), agentId, body, lifetime);
    }
}
