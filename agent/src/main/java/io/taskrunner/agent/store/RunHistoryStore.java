package io.taskrunner.agent.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * Finished runs, newest last, each as the engine's encoded record under a key that sorts by finish time. Bounded:
 * {@link #prune} drops the oldest beyond a count and everything older than a cut-off.
 */
public final class RunHistoryStore {
    private final MVStore store;
    /** "finishedAtMillis(19 digits)-runId" to record: ordered by time. */
    private final MVMap<String, byte[]> records;
    /** runId to its key in {@link #records}. */
    private final MVMap<String, String> keys;

    RunHistoryStore(MVStore store) {
        this.store = store;
        this.records = store.openMap("runHistory");
        this.keys = store.openMap("runHistoryKeys");
    }

    /** Adds or replaces the record of {@code runId}; committed and forced to disk with the next event. */
    public void put(UUID runId, long finishedAtMillis, byte[] record) {
        Objects.requireNonNull(record, "record");
        String key = timeKey(finishedAtMillis) + "-" + runId;
        String previous = keys.put(runId.toString(), key);
        if (previous != null && !previous.equals(key)) {
            records.remove(previous);
        }
        records.put(key, record.clone());
    }

    /** Nineteen digits, zero-padded, so keys sort by time as text (String.format costs more than the put). */
    private static String timeKey(long millis) {
        String digits = Long.toString(Math.max(0, millis));
        return "0".repeat(19 - digits.length()) + digits;
    }

    public boolean contains(UUID runId) {
        return keys.containsKey(runId.toString());
    }

    public Optional<byte[]> get(UUID runId) {
        String key = keys.get(runId.toString());
        return key == null ? Optional.empty() : Optional.ofNullable(records.get(key)).map(byte[]::clone);
    }

    /** Up to {@code limit} newest records, newest first. */
    public List<byte[]> newest(int limit) {
        List<byte[]> result = new ArrayList<>();
        String key = records.lastKey();
        while (key != null && result.size() < limit) {
            result.add(records.get(key).clone());
            key = records.lowerKey(key);
        }
        return result;
    }

    public int size() {
        return records.size();
    }

    /** Removes records finished before {@code cutoffMillis} and the oldest beyond {@code maxCount}; returns how many. */
    public int prune(long cutoffMillis, int maxCount) {
        int removed = 0;
        String cutoff = timeKey(cutoffMillis);
        int excess = Math.max(0, records.size() - maxCount);
        List<String> doomed = new ArrayList<>();
        Cursor<String, byte[]> cursor = records.cursor(null);
        while (cursor.hasNext()) {
            String key = cursor.next();
            if (doomed.size() < excess || key.compareTo(cutoff) < 0) {
                doomed.add(key);
            } else {
                break;
            }
        }
        for (String key : doomed) {
            records.remove(key);
            keys.remove(key.substring(20));
            removed++;
        }
        if (removed > 0) {
            store.commit();
        }
        return removed;
    }
}
