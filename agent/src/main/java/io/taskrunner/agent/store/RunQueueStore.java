package io.taskrunner.agent.store;

import io.taskrunner.protocol.security.SecretBox;
import io.taskrunner.protocol.security.SecretBoxException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * Runs the agent accepted and has not finished, each as the engine's encoded record, so queued and delayed runs
 * survive a restart and a run that was running when the agent died can be reported as interrupted.
 *
 * <p>Writes are not committed here: the engine records an event right after each change, and that event's commit
 * and forced write carry this change with it (one store, one file). A change can reach the disk before its event
 * (another thread's commit), never long after it; the engine's restart logic allows for that.
 *
 * <p>A queued run carries its parameters, secret ones too (they are needed to run it), so each record is stored
 * encrypted as a whole ({@link SecretBox}, purpose {@code agent-run-queue}). Records from before encryption are read
 * as they are and encrypted when the store opens.
 */
public final class RunQueueStore {
    private static final String PURPOSE = "agent-run-queue";
    private static final byte[] SEALED_PREFIX = SecretBox.PREFIX.getBytes(StandardCharsets.US_ASCII);

    private final MVMap<String, byte[]> runs;
    private final Supplier<SecretBox> box;

    RunQueueStore(MVStore store, Supplier<SecretBox> box) {
        this.runs = store.openMap("runQueue");
        this.box = box;
        runs.forEach((id, record) -> {
            if (!isSealed(record)) {
                runs.put(id, seal(record));
            }
        });
    }

    public void put(UUID runId, byte[] record) {
        runs.put(runId.toString(), seal(Objects.requireNonNull(record, "record")));
    }

    public void remove(UUID runId) {
        runs.remove(runId.toString());
    }

    /** Every stored run, in no particular order. */
    public Map<UUID, byte[]> all() {
        Map<UUID, byte[]> copy = new LinkedHashMap<>();
        runs.forEach((id, record) -> copy.put(UUID.fromString(id), open(id, record)));
        return copy;
    }

    public int size() {
        return runs.size();
    }

    private byte[] seal(byte[] record) {
        return box.get().seal(PURPOSE, new String(record, StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] open(String runId, byte[] stored) {
        if (!isSealed(stored)) {
            return stored.clone();
        }
        try {
            return box.get().open(PURPOSE, new String(stored, StandardCharsets.US_ASCII))
                    .getBytes(StandardCharsets.UTF_8);
        } catch (SecretBoxException e) {
            throw new AgentStoreException("queued run " + runId + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static boolean isSealed(byte[] record) {
        return record.length >= SEALED_PREFIX.length
                && Arrays.equals(record, 0, SEALED_PREFIX.length, SEALED_PREFIX, 0, SEALED_PREFIX.length);
    }
}
