package io.taskrunner.console.service.runs;

import java.util.UUID;

/** Told after an event about a run was committed to H2. */
public interface RunUpdateListener {
    void runChanged(UUID runId);

    void output(RunOutputChunk chunk);
}
