package io.taskrunner.protocol.security;

import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.message.Envelope;
import io.taskrunner.protocol.message.MessageBody;
import io.taskrunner.protocol.message.MessageType;
import io.taskrunner.protocol.message.SignedMessage;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

/** The console's side: wraps commands and desired bundles for one agent in an Ed25519-signed envelope. */
public final class CommandSigner {
    private final KeyPair keyPair;
    private final String keyId;
    private final MessageCodec codec;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public CommandSigner(KeyPair keyPair, MessageCodec codec, Clock clock) {
        this.keyPair = keyPair;
        this.keyId = Ed25519Keys.keyId(keyPair.getPublic());
        this.codec = codec;
        this.clock = clock;
    }

    public String keyId() {
        return keyId;
    }

    /** Signs a new command with a fresh id and nonce, valid for {@code lifetime}. */
    public SignedCommand sign(MessageBody body, String targetAgentId, Duration lifetime) {
        return sign(UUID.randomUUID(), body, targetAgentId, lifetime);
    }

    public SignedCommand sign(UUID commandId, MessageBody body, String targetAgentId, Duration lifetime) {
        if (MessageType.of(body).kind() != MessageType.Kind.COMMAND) {
            throw new IllegalArgumentException(MessageType.of(body).wireName() + " is not a command");
        }
        Envelope<MessageBody> command = Envelope.command(commandId, body, targetAgentId,
                clock.instant().plus(lifetime), newNonce(), clock);
        return new SignedCommand(command, wrap(codec.encode(command)));
    }

    /** Signs an already built command envelope as it is (tests use this to craft hostile ones). */
    public byte[] wrap(byte[] commandJson) {
        String payload = new String(commandJson, StandardCharsets.UTF_8);
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(keyPair.getPrivate());
            signature.update(payload.getBytes(StandardCharsets.UTF_8));
            String signatureBase64 = Base64.getEncoder().encodeToString(signature.sign());
            return codec.encode(Envelope.report(new SignedMessage(payload, signatureBase64, keyId), clock));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with Ed25519", e);
        }
    }

    private String newNonce() {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        return HexFormat.of().formatHex(nonce);
    }

    /** A signed command: the envelope that was signed and the bytes to publish. */
    public record SignedCommand(Envelope<MessageBody> command, byte[] wire) {
    }
}
