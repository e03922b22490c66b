package io.taskrunner.agent.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * Runs the agent accepted and has not finished, each as the engine's encoded record, so queued and delayed runs
 * survive a restart and a run that was running when the agent died can be reported as interrupted.
 *
 * <p>Writes are not committed here: the engine records an event right after each change, and that event's commit
 * and forced write carry this change with it (one store, one file). A change can reach the disk before its event
 * (another thread's commit), never long after it; the engine's restart logic allows for that.
 */
public final class RunQueueStore {
    private final MVMap<String, byte[]> runs;

    RunQueueStore(MVStore store) {
        this.runs = store.openMap("runQueue");
    }

    public void put(UUID runId, byte[] record) {
        runs.put(runId.toString(), Objects.requireNonNull(record, "record").clone());
    }

    public void remove(UUID runId) {
        runs.remove(runId.toString());
    }

    /** Every stored run, in no particular order. */
    public Map<UUID, byte[]> all() {
        Map<UUID, byte[]> copy = new LinkedHashMap<>();
        runs.forEach((id, record) -> copy.put(UUID.fromString(id), record.clone()));
        return copy;
    }

    public int size() {
        return runs.size();
    }
}
