package io.taskrunner.agent.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskrunner.agent.store.RunHistoryStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Finished runs in the agent store, as JSON records; bounded by count and age. */
public final class RunHistory {
    private final RunHistoryStore store;
    private final ObjectMapper json;

    public RunHistory(RunHistoryStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    void add(RunRecord record) {
        try {
            store.put(record.runId(), record.finishedAt(), json.writeValueAsBytes(record));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the history of run " + record.runId(), e);
        }
    }

    /** Whether the run is in the history, without reading its record. */
    public boolean contains(UUID runId) {
        return store.contains(runId);
    }

    public Optional<RunRecord> get(UUID runId) {
        return store.get(runId).map(this::decode);
    }

    /** Newest first. */
    public List<RunRecord> newest(int limit) {
        return store.newest(limit).stream().map(this::decode).toList();
    }

    public int prune(long cutoffMillis, int maxCount) {
        return store.prune(cutoffMillis, maxCount);
    }

    private RunRecord decode(byte[] bytes) {
        try {
            return json.readValue(bytes, RunRecord.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a run history record", e);
        }
    }
}
