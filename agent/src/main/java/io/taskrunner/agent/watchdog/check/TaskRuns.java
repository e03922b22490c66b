package io.taskrunner.agent.watchdog.check;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Runs a task for a {@code task} check; the agent's run engine implements it. */
@FunctionalInterface
public interface TaskRuns {

    /**
     * Submits a run of {@code task} and completes with its exit code once it finished: 0 when it succeeded, the
     * program's code or -1 for any other end; completes exceptionally with the reason when the run was rejected.
     */
    CompletableFuture<Integer> run(String task, Map<String, Object> parameters);
}
