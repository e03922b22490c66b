package io.taskrunner.agent.store;

import java.time.Instant;

/**
 * Nonces of commands already accepted, kept until the command itself expires, so a captured command cannot be
 * replayed; persisted, so a restart does not open a replay window. Thread-safe.
 */
public final class NonceRegistry {

    private final ExpiringKeys nonces;

    NonceRegistry(ExpiringKeys nonces) {
        this.nonces = nonces;
    }

    /**
     * Records {@code nonce} until {@code expiresAt}; false if it was seen before, i.e. this is a replay. A nonce
     * past its expiry but not yet pruned still counts as seen. On disk when this returns true.
     */
    public boolean remember(String nonce, Instant expiresAt) {
        return nonces.addIfAbsent(nonce, expiresAt);
    }

    /** Forgets nonces whose expiry is at or before {@code now}; returns how many. */
    public int pruneExpired(Instant now) {
        return nonces.pruneExpired(now);
    }

    public int size() {
        return nonces.size();
    }
}
