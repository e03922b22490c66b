package io.taskrunner.console.service.keys;

import io.taskrunner.console.persistence.Database;
import io.taskrunner.console.service.audit.AuditLog;
import io.taskrunner.console.service.commands.CommandSender;
import io.taskrunner.console.service.commands.SigningKeys;
import io.taskrunner.console.service.fleet.AgentSnapshot;
import io.taskrunner.console.service.fleet.FleetService;
import io.taskrunner.console.service.ingest.KeyConfirmations;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.message.KeyRotateCommand;
import io.taskrunner.protocol.message.KeyRotated;
import io.taskrunner.protocol.security.CommandSigner;
import io.taskrunner.protocol.security.Ed25519Keys;
import java.security.KeyPair;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key rotation over the console's broker connection, its state in H2 ({@code signing_key_agents}) and the PKI
 * folder ({@link SigningKeyFiles}), so a console restart resumes a rotation where it stood. An agent that was away
 * is sent the announcement again when it comes back online, and after every console (re)start.
 */
public final class DefaultKeyRotationService implements KeyRotationService, KeyConfirmations {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultKeyRotationService.class);
    /** Long enough for a broker that queues it for an agent that is away; it is sent again when the agent returns. */
    static final Duration ANNOUNCEMENT_LIFETIME = Duration.ofDays(1);

    private final SigningKeyFiles files;
    private final SigningKeys keys;
    private final KeyRotationRepository repository;
    private final FleetService fleet;
    private final CommandSender sender;
    private final Function<String, CompletableFuture<Void>> republishBundle;
    private final AuditLog audit;
    private final MessageCodec codec;
    private final Clock clock;
    private final Map<String, Boolean> online = new ConcurrentHashMap<>();
    private volatile KeyPair currentKeys;

    /**
     * @param keys            the ring {@link #loadKeys} made, which {@code sender} signs with
     * @param republishBundle signs an agent's desired bundle afresh and publishes it again
     */
    public DefaultKeyRotationService(SigningKeyFiles files, SigningKeys keys, KeyPair currentKeys, Database database,
            FleetService fleet, CommandSender sender, Function<String, CompletableFuture<Void>> republishBundle,
            AuditLog audit, MessageCodec codec, Clock clock) {
        this.files = files;
        this.keys = keys;
        this.currentKeys = currentKeys;
        this.repository = new KeyRotationRepository(database);
        this.fleet = fleet;
        this.sender = sender;
        this.republishBundle = republishBundle;
        this.audit = audit;
        this.codec = codec;
        this.clock = clock;
    }

    /**
     * The signing keys as the last run left them: the current key, and, while a rotation waits for agents, the
     * previous one for those agents. A previous key no agent waits for any more is deleted here.
     */
    public static SigningKeys loadKeys(SigningKeyFiles files, KeyPair currentKeys, Database database,
            MessageCodec codec, Clock clock) {
        CommandSigner current = new CommandSigner(currentKeys, codec, clock);
        Optional<KeyPair> previous = files.loadPrevious();
        List<String> waiting = new KeyRotationRepository(database).all().stream()
                .filter(agent -> !agent.confirmed() && agent.keyId().equals(current.keyId()))
                .map(AgentKeyStatus::agentId).toList();
        if (previous.isEmpty()) {
            if (!waiting.isEmpty()) {
                LOG.warn("the previous signing key is gone while agents {} still trust only it; enrol them again",
                        waiting);
            }
            return new SigningKeys(current);
        }
        if (waiting.isEmpty()) {
            files.retirePrevious();
            return new SigningKeys(current);
        }
        return new SigningKeys(current, new CommandSigner(previous.get(), codec, clock), waiting);
    }

    @Override
    public CompletableFuture<KeyRotationStatus> rotate() {
        Map<String, Object> details = new LinkedHashMap<>();
        return audit.trackAsync("signing-key.rotate", "console-signing-key", details, () -> startRotation(details));
    }

    private synchronized CompletableFuture<KeyRotationStatus> startRotation(Map<String, Object> details) {
        KeyRotationStatus before = status();
        if (before.inProgress()) {
            throw new IllegalStateException("the rotation away from key " + before.previousKeyId()
                    + " still waits for agents " + before.waitingFor());
        }
        KeyPair next = Ed25519Keys.generate();
        String previousKeyId = before.currentKeyId();
        String nextKeyId = Ed25519Keys.keyId(next.getPublic());
        List<String> agents = fleet.agents().stream().map(AgentSnapshot::agentId).sorted().toList();
        files.rotate(currentKeys, next);
        repository.started(agents, nextKeyId, previousKeyId, clock.instant());
        keys.rotate(new CommandSigner(next, codec, clock), agents);
        currentKeys = next;
        details.put("keyId", nextKeyId);
        details.put("previousKeyId", previousKeyId);
        details.put("agents", agents.size());
        LOG.info("rotating the command-signing key from {} to {}; announcing it to {} agents", previousKeyId,
                nextKeyId, agents.size());
        if (agents.isEmpty()) {
            retire();
        }
        CompletableFuture<?>[] sent = agents.stream().map(this::announce).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(sent).thenApply(done -> status());
    }

    /** The current key's public half, which enrolment bundles carry. */
    public PublicKey currentPublicKey() {
        return currentKeys.getPublic();
    }

    @Override
    public KeyRotationStatus status() {
        return new KeyRotationStatus(keys.current().keyId(), keys.previous().map(CommandSigner::keyId).orElse(null),
                repository.all());
    }

    /** Sends the announcement again to every agent that has not confirmed (after a console start). */
    public void announceToWaitingAgents() {
        if (keys.previous().isEmpty()) {
            return;
        }
        for (String agentId : status().waitingFor()) {
            announce(agentId);
        }
    }

    /** An agent that comes back online and still waits gets the announcement again. */
    public void agentChanged(AgentSnapshot agent) {
        Boolean wasOnline = online.put(agent.agentId(), agent.online());
        if (agent.online() && !Boolean.TRUE.equals(wasOnline) && keys.previous().isPresent()
                && keys.forAgent(agent.agentId()) != keys.current()) {
            LOG.info("agent {} is back and still trusts only the previous signing key; announcing the new one",
                    agent.agentId());
            announce(agent.agentId());
        }
    }

    @Override
    public void record(Connection connection, String agentId, KeyRotated rotated, Instant at) throws SQLException {
        if (!repository.confirmed(connection, agentId, rotated.keyId(), at)) {
            LOG.info("agent {} reports key {}, which no rotation waits for it to take", agentId, rotated.keyId());
        }
    }

    @Override
    public synchronized void recorded(String agentId, KeyRotated rotated) {
        if (!rotated.keyId().equals(keys.current().keyId())) {
            return;
        }
        keys.confirmed(agentId);
        LOG.info("agent {} now trusts signing key {}", agentId, rotated.keyId());
        republishBundle.apply(agentId).whenComplete((done, error) -> {
            if (error != null) {
                LOG.warn("cannot publish {}'s desired bundle signed with the new key", agentId, error);
            }
        });
        if (keys.previous().isPresent() && status().waitingFor().isEmpty()) {
            retire();
        }
    }

    private void retire() {
        String retired = keys.previous().map(CommandSigner::keyId).orElse("none");
        files.retirePrevious();
        keys.retirePrevious();
        LOG.info("every agent trusts signing key {}; key {} is retired", keys.current().keyId(), retired);
    }

    private CompletableFuture<Void> announce(String agentId) {
        KeyRotateCommand announcement = new KeyRotateCommand(keys.current().keyId(),
                Ed25519Keys.publicKeyBase64(currentKeys.getPublic()), validFrom());
        return sender.send(agentId, announcement, ANNOUNCEMENT_LIFETIME).whenComplete((done, error) -> {
            if (error != null) {
                LOG.warn("cannot send the new signing key to {}; it is sent again when the agent is back", agentId,
                        error);
            }
        });
    }

    private long validFrom() {
        return repository.all().stream().map(AgentKeyStatus::announcedAt).min(Instant::compareTo)
                .orElse(clock.instant()).toEpochMilli();
    }
}
