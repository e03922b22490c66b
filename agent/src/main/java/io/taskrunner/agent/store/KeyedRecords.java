package io.taskrunner.agent.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * A named map of encoded records in the agent store, for a part of the agent that keeps a little state across
 * restarts (a schedule's last firing, a watchdog's open incidents). {@link #put} is written with the store's next
 * commit (an event recorded right after it carries it to disk); {@link #commit()} forces it now.
 */
public final class KeyedRecords {
    private final MVStore store;
    private final MVMap<String, byte[]> records;

    KeyedRecords(MVStore store, String name) {
        this.store = store;
        this.records = store.openMap(Objects.requireNonNull(name, "name"));
    }

    public void put(String key, byte[] record) {
        records.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(record, "record").clone());
    }

    public Optional<byte[]> get(String key) {
        return Optional.ofNullable(records.get(key)).map(byte[]::clone);
    }

    public void remove(String key) {
        records.remove(key);
    }

    /** Every record, in key order. */
    public Map<String, byte[]> all() {
        Map<String, byte[]> copy = new LinkedHashMap<>();
        records.forEach((key, record) -> copy.put(key, record.clone()));
        return copy;
    }

    /** Writes every pending change of the store to disk before returning. */
    public void commit() {
        store.commit();
        store.sync();
    }
}
