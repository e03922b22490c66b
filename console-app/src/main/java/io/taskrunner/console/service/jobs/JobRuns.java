package io.taskrunner.console.service.jobs;

import io.taskrunner.console.service.runs.RunSnapshot;
import io.taskrunner.console.service.runs.TaskRunRequest;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The runs that carry job executions: {@link RunServiceJobRuns} in the console; a recording fake in unit tests.
 */
public interface JobRuns {
    /**
     * Sends the run-task command of one attempt with the given run id; for a run already stored and still pending
     * it sends the command again (the agent keeps one run per id). Completes once sent.
     */
    CompletableFuture<?> send(String agentId, UUID runId, TaskRunRequest request);

    /** Asks the agent to cancel the run; failures are logged, not thrown. */
    void cancel(UUID runId);

    Optional<RunSnapshot> run(UUID runId);

    /** Called after an agent's event about a run was stored. */
    AutoCloseable onRunChanged(Consumer<RunSnapshot> listener);
}
