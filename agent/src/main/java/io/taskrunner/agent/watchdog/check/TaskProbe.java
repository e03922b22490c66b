package io.taskrunner.agent.watchdog.check;

import io.taskrunner.protocol.definition.watchdog.TaskCheck;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs the task and waits for its end; exit code 0 is healthy. */
final class TaskProbe implements Probe {
    private final TaskCheck check;
    private final TaskRuns runs;
    private final Duration limit;

    /** @param limit how long to wait for the run's end before counting the check as failed */
    TaskProbe(TaskCheck check, TaskRuns runs, Duration limit) {
        this.check = check;
        this.runs = runs;
        this.limit = limit;
    }

    @Override
    public CheckResult run() throws InterruptedException {
        try {
            int exitCode = runs.run(check.task(), check.parameters()).get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return exitCode == 0 ? CheckResult.ok()
                    : CheckResult.failed("watchdog.check.task.failed", check.task(), exitCode);
        } catch (ExecutionException e) {
            return CheckResult.failed("watchdog.check.task.rejected", check.task(), e.getCause().getMessage());
        } catch (TimeoutException e) {
            return CheckResult.failed("watchdog.check.task.slow", check.task(), limit.toSeconds());
        }
    }
}
