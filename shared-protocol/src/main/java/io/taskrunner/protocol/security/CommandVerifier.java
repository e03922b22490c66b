package io.taskrunner.protocol.security;

import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.Topics;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.message.DesiredBundle;
import io.taskrunner.protocol.message.Envelope;
import io.taskrunner.protocol.message.MessageType;
import io.taskrunner.protocol.message.SignedMessage;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The agent's side: accepts a signed message only when the signature is the console's, it is addressed to this
 * agent (or, for a command, to a group the agent is in: {@code group:<name>}), it has not expired, it does not live
 * implausibly long, and its nonce was never seen. The signature is checked before the inner message is parsed, so
 * unauthenticated input never reaches the body parser.
 */
public final class CommandVerifier {
    /** Upper bound on a command's lifetime, so the nonce store needs to keep nonces no longer than this. */
    public static final Duration MAX_LIFETIME = Duration.ofDays(30);

    private final TrustedKeys trustedKeys;
    private final String agentId;
    private final MessageCodec codec;
    private final NonceStore nonces;
    private final Clock clock;

    public CommandVerifier(Map<String, PublicKey> trustedKeysById, String agentId, MessageCodec codec,
            NonceStore nonces, Clock clock) {
        this(TrustedKeys.of(trustedKeysById), agentId, codec, nonces, clock);
    }

    /** @param trustedKeys asked for every message, so a key rotation counts from the next one on */
    public CommandVerifier(TrustedKeys trustedKeys, String agentId, MessageCodec codec, NonceStore nonces,
            Clock clock) {
        this.trustedKeys = trustedKeys;
        this.agentId = agentId;
        this.codec = codec;
        this.nonces = nonces;
        this.clock = clock;
    }

    public static CommandVerifier forKey(PublicKey consoleKey, String agentId, MessageCodec codec, NonceStore nonces,
            Clock clock) {
        return new CommandVerifier(Map.of(Ed25519Keys.keyId(consoleKey), consoleKey), agentId, codec, nonces, clock);
    }

    /** Returns the verified inner command; throws {@link CommandRejectedException} naming what failed. */
    public Envelope<?> verify(byte[] wire) {
        return verify(wire, Set.of());
    }

    /**
     * Like {@link #verify(byte[])}, but a command addressed to {@code group:<g>} is accepted too when {@code g} is
     * one of {@code groups}, the groups the agent is in now (from its desired bundle).
     */
    public Envelope<?> verify(byte[] wire, Set<String> groups) {
        Envelope<?> command = verifySignedCommand(wire, groups);
        if (!nonces.remember(command.nonce(), Instant.ofEpochMilli(command.expiresAt()))) {
            throw new CommandRejectedException(command.id(), "nonce", "nonce was already used (replayed command)");
        }
        return command;
    }

    /**
     * Verifies a desired bundle like a command, but for its nonce: a bundle is retained on the broker and comes again
     * with every reconnect, so what keeps an old one from being replayed is its version, which the caller compares
     * with the one it runs.
     */
    @SuppressWarnings("unchecked")
    public Envelope<DesiredBundle> verifyBundle(byte[] wire) {
        Envelope<?> command = verifySignedCommand(wire, Set.of());
        if (command.type() != MessageType.DESIRED_BUNDLE) {
            throw new CommandRejectedException(command.id(), "type", command.type().wireName()
                    + " is not a desired bundle");
        }
        return (Envelope<DesiredBundle>) command;
    }

    private Envelope<?> verifySignedCommand(byte[] wire, Set<String> groups) {
        SignedMessage signed;
        try {
            signed = codec.decode(wire, SignedMessage.class).body();
        } catch (ProtocolException e) {
            throw new CommandRejectedException(null, e.field(), "not a signed message: " + e.getMessage());
        }
        PublicKey key = trustedKeys.find(signed.keyId()).orElse(null);
        if (key == null) {
            throw new CommandRejectedException(null, "keyId", "signed with unknown key " + signed.keyId()
                    + " (never trusted here, or rotated out)");
        }
        byte[] payload = signed.payload().getBytes(StandardCharsets.UTF_8);
        if (!signatureValid(key, payload, signed.signature())) {
            throw new CommandRejectedException(null, "signature", "signature does not match the console key");
        }
        Envelope<?> command;
        try {
            command = codec.decode(payload);
        } catch (ProtocolException e) {
            throw new CommandRejectedException(null, e.field(), e.getMessage());
        }
        if (command.type().kind() != MessageType.Kind.COMMAND) {
            throw new CommandRejectedException(command.id(), "type", command.type().wireName() + " is not a command");
        }
        checkTarget(command, groups);
        Instant now = clock.instant();
        Instant expiresAt = Instant.ofEpochMilli(command.expiresAt());
        if (!expiresAt.isAfter(now)) {
            throw new CommandRejectedException(command.id(), "expiresAt", "expired at " + expiresAt);
        }
        if (expiresAt.isAfter(now.plus(MAX_LIFETIME))) {
            throw new CommandRejectedException(command.id(), "expiresAt", "expiry " + expiresAt
                    + " is further out than " + MAX_LIFETIME.toDays() + " days");
        }
        return command;
    }

    private void checkTarget(Envelope<?> command, Set<String> groups) {
        if (agentId.equals(command.target())) {
            return;
        }
        Optional<String> group = Topics.groupOfTarget(command.target());
        if (group.isEmpty()) {
            throw new CommandRejectedException(command.id(), "target", "addressed to " + command.target()
                    + ", not to this agent");
        }
        if (command.type() == MessageType.DESIRED_BUNDLE) {
            throw new CommandRejectedException(command.id(), "target", "a desired bundle is for one agent, not for "
                    + command.target());
        }
        if (!groups.contains(group.get())) {
            throw new CommandRejectedException(command.id(), "target", "addressed to group " + group.get()
                    + ", which this agent is not in");
        }
    }

    private static boolean signatureValid(PublicKey key, byte[] payload, String signatureBase64) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(key);
            signature.update(payload);
            return signature.verify(Base64.getDecoder().decode(signatureBase64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
