package io.taskrunner.console.service.jobs;

import io.taskrunner.console.service.runs.RunService;
import io.taskrunner.console.service.runs.RunSnapshot;
import io.taskrunner.console.service.runs.TaskRunRequest;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Job executions as task runs of the console's {@link RunService}. */
public final class RunServiceJobRuns implements JobRuns {
    private static final Logger LOG = LoggerFactory.getLogger(RunServiceJobRuns.class);
    private final RunService runs;

    public RunServiceJobRuns(RunService runs) {
        this.runs = runs;
    }

    @Override
    public CompletableFuture<?> send(String agentId, UUID runId, TaskRunRequest request) {
        return runs.runTask(agentId, runId, request);
    }

    @Override
    public void cancel(UUID runId) {
        try {
            runs.cancel(runId).whenComplete((sent, error) -> {
                if (error != null) {
                    LOG.warn("cancelling run {} of a job failed: {}", runId, error.getMessage());
                }
            });
        } catch (RuntimeException e) {
            // not stored yet: the tracker cancels it again once its command is sent
            LOG.info("run {} of a job cannot be cancelled yet: {}", runId, e.getMessage());
        }
    }

    @Override
    public Optional<RunSnapshot> run(UUID runId) {
        return runs.run(runId);
    }

    @Override
    public AutoCloseable onRunChanged(Consumer<RunSnapshot> listener) {
        return runs.onRunChanged(listener);
    }
}
