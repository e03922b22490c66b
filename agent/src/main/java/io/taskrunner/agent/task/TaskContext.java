package io.taskrunner.agent.task;

import io.taskrunner.agent.executor.CancellationToken;
import io.taskrunner.agent.executor.OutputListener;
import io.taskrunner.protocol.definition.ParameterValues;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.definition.TaskSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.LongConsumer;

/**
 * Everything one attempt of a run needs.
 *
 * @param workDir     the run's working folder, created; {@code javascript} file access is confined to it
 * @param environment the task's {@code env} plus every parameter as {@code PARAM_<name>}; to add to the agent's own
 * @param output      where the run's output goes (history excerpt, log file, live events); the engine caps it at
 *                    {@code outputLimitBytes}
 * @param onStarted   told the process id (or 0) once the work began; see {@link #started(long)}
 * @param progress    where the task reports how far it is (percent and status text); see {@link TaskProgress}
 */
public record TaskContext(
        UUID runId,
        int attempt,
        TaskDefinition task,
        ParameterValues parameters,
        Path workDir,
        Map<String, String> environment,
        Duration timeout,
        long outputLimitBytes,
        CancellationToken cancel,
        OutputListener output,
        LongConsumer onStarted,
        TaskServices services,
        TaskProgress progress) {

    public TaskContext {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(workDir, "workDir");
        environment = Map.copyOf(environment);
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(cancel, "cancel");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(onStarted, "onStarted");
        Objects.requireNonNull(services, "services");
        Objects.requireNonNull(progress, "progress");
    }

    /** A context whose progress reports go nowhere, for runs outside the engine. */
    public TaskContext(UUID runId, int attempt, TaskDefinition task, ParameterValues parameters, Path workDir,
            Map<String, String> environment, Duration timeout, long outputLimitBytes, CancellationToken cancel,
            OutputListener output, LongConsumer onStarted, TaskServices services) {
        this(runId, attempt, task, parameters, workDir, environment, timeout, outputLimitBytes, cancel, output,
                onStarted, services, TaskProgress.IGNORE);
    }

    /** Reports that the attempt's work began, with the OS process id or 0; the engine records it once. */
    public void started(long pid) {
        onStarted.accept(pid);
    }

    /** The task's spec as the type the executor expects. */
    public <S extends TaskSpec> S spec(Class<S> type) {
        return type.cast(task.spec());
    }
}
