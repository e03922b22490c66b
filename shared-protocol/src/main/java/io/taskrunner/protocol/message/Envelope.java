package io.taskrunner.protocol.message;

import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.Topics;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Every message on the wire: {@code type}, {@code id}, {@code ts} (epoch ms), {@code v} (protocol version) and a
 * typed body. Events also carry {@code seq}; commands carry {@code target}, {@code expiresAt} and {@code nonce}.
 * Header fields a type does not use are {@code null}.
 */
public record Envelope<B extends MessageBody>(
        MessageType type, UUID id, long ts, int v, Long seq, String target, Long expiresAt, String nonce, B body) {

    public static final int PROTOCOL_VERSION = 1;

    public Envelope {
        Check.required(type, "type");
        Check.required(id, "id");
        Check.range(ts, 0, Long.MAX_VALUE, "ts");
        if (v != PROTOCOL_VERSION) {
            throw new ProtocolException("v", "protocol version " + v + " is not supported (this side speaks "
                    + PROTOCOL_VERSION + ")");
        }
        Check.required(body, "body");
        if (MessageType.of(body) != type) {
            throw new ProtocolException("type", "is " + type.wireName() + " but the body is "
                    + MessageType.of(body).wireName());
        }
        switch (type.kind()) {
            case EVENT -> Check.range(Check.required(seq, "seq"), 1, Long.MAX_VALUE, "seq");
            case COMMAND -> {
                try {
                    Topics.checkTarget(target, "target");
                } catch (IllegalArgumentException e) {
                    throw new ProtocolException("target", e.getMessage());
                }
                Check.range(Check.required(expiresAt, "expiresAt"), 0, Long.MAX_VALUE, "expiresAt");
                Check.maxLength(Check.notBlank(nonce, "nonce"), 128, "nonce");
            }
            case REPORT -> {
                // no extra header
            }
        }
    }

    /** A state, metrics, reply or wrapper message. */
    public static <B extends MessageBody> Envelope<B> report(B body, Clock clock) {
        return new Envelope<>(MessageType.of(body), UUID.randomUUID(), clock.millis(), PROTOCOL_VERSION, null, null,
                null, null, body);
    }

    /** An agent event with its per-agent sequence number. */
    public static <B extends MessageBody> Envelope<B> event(B body, long seq, Clock clock) {
        return new Envelope<>(MessageType.of(body), UUID.randomUUID(), clock.millis(), PROTOCOL_VERSION, seq, null,
                null, null, body);
    }

    /**
     * A console command for one agent (its id as {@code target}) or for any one agent of a group
     * ({@link Topics#groupTarget}), valid until {@code expiresAt}; sign it before sending.
     */
    public static <B extends MessageBody> Envelope<B> command(
            UUID id, B body, String target, Instant expiresAt, String nonce, Clock clock) {
        return new Envelope<>(MessageType.of(body), id, clock.millis(), PROTOCOL_VERSION, null, target,
                expiresAt.toEpochMilli(), nonce, body);
    }

    public Instant timestamp() {
        return Instant.ofEpochMilli(ts);
    }

    /** The body as the given type; throws {@link ProtocolException} when the message is of another type. */
    public <T extends MessageBody> T bodyAs(Class<T> bodyType) {
        if (!bodyType.isInstance(body)) {
            throw new ProtocolException("type", "expected " + bodyType.getSimpleName() + " but got "
                    + type.wireName());
        }
        return bodyType.cast(body);
    }
}
