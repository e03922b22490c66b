package io.taskrunner.agent.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/** A persistent set of keys, each kept until its own expiry instant; shared by nonces and command ids. */
final class ExpiringKeys {

    private static final Instant MAX_MILLIS = Instant.ofEpochMilli(Long.MAX_VALUE);
    private static final Instant MIN_MILLIS = Instant.ofEpochMilli(Long.MIN_VALUE);

    private final MVStore store;
    /** Key to expiry in epoch milliseconds: MVStore stores a Long natively, an Instant only by serialisation. */
    private final MVMap<String, Long> expiries;
    private final String keyName;

    ExpiringKeys(MVStore store, String mapName, String keyName) {
        this.store = store;
        this.expiries = store.openMap(mapName);
        this.keyName = keyName;
    }

    /** Adds {@code key} unless present; true when it was new. On disk when this returns. */
    boolean addIfAbsent(String key, Instant expiresAt) {
        Objects.requireNonNull(key, keyName);
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (key.isEmpty()) {
            throw new IllegalArgumentException(keyName + " must not be empty");
        }
        // putIfAbsent is atomic, so two threads offering the same key cannot both see it as new.
        if (expiries.putIfAbsent(key, toEpochMilli(expiresAt)) != null) {
            return false;
        }
        // The caller acts on "new" at once (runs a command, accepts a message); that must not be forgotten.
        Durable.commit(store);
        return true;
    }

    boolean contains(String key) {
        return expiries.containsKey(key);
    }

    /** Removes keys whose expiry is at or before {@code now}; returns how many. */
    int pruneExpired(Instant now) {
        long nowMillis = toEpochMilli(Objects.requireNonNull(now, "now"));
        List<String> expired = new ArrayList<>();
        for (Map.Entry<String, Long> entry : expiries.entrySet()) {
            if (entry.getValue() <= nowMillis) {
                expired.add(entry.getKey());
            }
        }
        expired.forEach(expiries::remove);
        if (!expired.isEmpty()) {
            // No sync: keys that reappear after a power cut are only pruned again.
            store.commit();
        }
        return expired.size();
    }

    int size() {
        return expiries.size();
    }

    private static long toEpochMilli(Instant instant) {
        // Instant.MAX and friends overflow milliseconds; clamping keeps their meaning ("practically never").
        if (instant.isAfter(MAX_MILLIS)) {
            return Long.MAX_VALUE;
        }
        if (instant.isBefore(MIN_MILLIS)) {
            return Long.MIN_VALUE;
        }
        return instant.toEpochMilli();
    }
}
