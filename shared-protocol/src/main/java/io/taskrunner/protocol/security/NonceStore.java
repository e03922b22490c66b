package io.taskrunner.protocol.security;

import java.time.Instant;

/** Remembers nonces until their command expires, so a captured command cannot be played again. */
@FunctionalInterface
public interface NonceStore {
    /** Records the nonce; {@code false} when it was seen before. Must be atomic and, on an agent, durable. */
    boolean remember(String nonce, Instant expiresAt);
}
