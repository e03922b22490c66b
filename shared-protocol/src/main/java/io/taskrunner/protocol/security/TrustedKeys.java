package io.taskrunner.protocol.security;

import java.security.PublicKey;
import java.util.Map;
import java.util.Optional;

/**
 * The console signing keys an agent accepts now, by key id. An agent's set changes when the console rotates its
 * key, so the verifier asks for every message; implementations must be thread-safe.
 */
@FunctionalInterface
public interface TrustedKeys {
    /** The key with this id, or empty when it is not (or no longer) trusted. */
    Optional<PublicKey> find(String keyId);

    /** A fixed set. */
    static TrustedKeys of(Map<String, PublicKey> keysById) {
        Map<String, PublicKey> copy = Map.copyOf(keysById);
        return keyId -> Optional.ofNullable(copy.get(keyId));
    }
}
