package io.taskrunner.agent.engine;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskrunner.agent.events.EventLog;
import io.taskrunner.agent.executor.CancellationToken;
import io.taskrunner.agent.executor.OutputListener;
import io.taskrunner.agent.executor.OutputStreamKind;
import io.taskrunner.agent.jobfile.JobFileException;
import io.taskrunner.agent.jobfile.JobFiles;
import io.taskrunner.agent.progress.ProgressCoalescer;
import io.taskrunner.agent.progress.ProgressLines;
import io.taskrunner.agent.task.TaskContext;
import io.taskrunner.agent.task.TaskException;
import io.taskrunner.agent.task.TaskExecutor;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.agent.task.TaskServices;
import io.taskrunner.agent.update.AgentUpdater;
import io.taskrunner.agent.update.UpdateException;
import io.taskrunner.protocol.definition.ParameterValues;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.message.JobFile;
import io.taskrunner.protocol.message.RunStarted;
import io.taskrunner.protocol.message.RunState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one attempt of a run: working folder, environment, output, the executor, and what came of it. Progress the task
 * reports (output lines or its host API) becomes {@code run.progress} events, the last one before the attempt ends.
 */
final class AttemptRunner {
    private static final Logger LOG = LoggerFactory.getLogger(AttemptRunner.class);

    /** What one attempt produced, with the figures the engine reports. */
    record Attempt(TaskOutcome outcome, Long startedAt, long durationMs, long outputBytes, boolean outputTruncated,
            String excerpt) {

        /** An end that no attempt reached: never started, or cut off by the agent's own stop. */
        static Attempt without(RunState state, String error) {
            return new Attempt(new TaskOutcome(state, null, null, error, 0, false), null, 0, 0, false, "");
        }
    }

    private final TaskExecutors executors;
    private final TaskServices services;
    private final EventLog events;
    private final RunLogs logs;
    private final Path workRoot;
    private final Clock clock;
    private final JobFiles files;
    private final AgentUpdater updater;

    /**
     * @param files   where runs with a job file get it; null rejects such runs
     * @param updater stages the package of an {@link AgentUpdater#TASK} run; null when updates are off
     */
    AttemptRunner(TaskExecutors executors, TaskServices services, EventLog events, RunLogs logs, Path workRoot,
            Clock clock, JobFiles files, AgentUpdater updater) {
        this.executors = executors;
        this.services = services;
        this.events = events;
        this.logs = logs;
        this.workRoot = workRoot;
        this.clock = clock;
        this.files = files;
        this.updater = updater;
    }

    /** @param onStarted told when the attempt has started: the process id, or 0 when it started no process */
    Attempt run(PendingRun run, TaskDefinition task, ParameterValues values, CancellationToken cancel,
            LongConsumer onStarted) {
        OutputCollector collector = new OutputCollector(run.runId(), task.name(), task.outputLimitBytes(), events,
                logs);
        ProgressCoalescer progress = ProgressCoalescer.onSharedTimer(run.runId(), events::record, clock);
        ProgressLines progressLines = new ProgressLines(run.runId(), progress);
        OutputListener output = (stream, text) -> {
            collector.onOutput(stream, text);
            progressLines.onOutput(stream, text);
        };
        AtomicLong startedAt = new AtomicLong();
        long startNanos = System.nanoTime();
        TaskOutcome outcome;
        try {
            TaskWorkspace workspace = TaskWorkspace.prepare(task, values, workRoot);
            if (updater != null && AgentUpdater.TASK.equals(task.name()) && run.file() != null
                    && run.definition() != null) {
                markStarted(run, task, 0, startedAt, onStarted);
                outcome = stageUpdate(workspace.workDir().resolve(run.file().name()), output);
                return new Attempt(outcome, startedAt.get(), Duration.ofNanos(System.nanoTime() - startNanos)
                        .toMillis(), collector.bytesSeen(), false, collector.excerpt());
            }
            TaskExecutor executor = executors.forType(task.type()).orElse(null);
            if (executor == null) {
                TaskOutcome unsupported = TaskOutcome.unsupported("this agent has no executor for task type "
                        + task.type().wire());
                return Attempt.without(unsupported.state(), unsupported.error());
            }
            Map<String, String> environment = workspace.environment();
            if (run.file() != null) {
                Optional<Attempt> refused = provideFile(run, task, workspace, cancel);
                if (refused.isPresent()) {
                    return refused.get();
                }
                environment = new LinkedHashMap<>(environment);
                environment.put(JobFiles.ENVIRONMENT_VARIABLE, workspace.workDir().resolve(run.file().name())
                        .toString());
            }
            TaskContext context = new TaskContext(run.runId(), run.attempt(), task, values, workspace.workDir(),
                    environment,
                    Duration.ofSeconds(task.timeoutSeconds()), task.outputLimitBytes(), cancel, output,
                    pid -> markStarted(run, task, pid, startedAt, onStarted), services, progress);
            outcome = executor.execute(context);
            if (outcome == null) {
                outcome = TaskOutcome.failed("agent error: the " + task.type().wire() + " executor gave no outcome");
            }
        } catch (TaskException e) {
            outcome = TaskOutcome.failed(e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("run {} of task {} failed inside the agent", run.runId(), task.name(), e);
            outcome = TaskOutcome.failed("agent error: " + e);
        } finally {
            progressLines.finish();
            progress.finish();
        }
        long durationMs = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
        return new Attempt(outcome, startedAt.get() == 0 ? null : startedAt.get(), durationMs,
                Math.max(outcome.outputBytes(), collector.bytesSeen()),
                outcome.outputTruncated() || collector.truncated(), collector.excerpt());
    }

    /**
     * Puts the run's job file into its work folder, verified; the attempt that must end instead when that fails:
     * rejected when the bytes were not those the command named (fetching again would not help), failed when they did
     * not arrive (a retry may fetch them).
     */
    private Optional<Attempt> provideFile(PendingRun run, TaskDefinition task, TaskWorkspace workspace,
            CancellationToken cancel) {
        JobFile file = run.file();
        if (files == null) {
            return Optional.of(Attempt.without(RunState.REJECTED, "file " + file.name()
                    + ": this agent cannot fetch job files"));
        }
        try {
            files.provide(file, workspace.workDir(), cancel);
            logs.note(task.name(), run.runId(), "job file " + file.name() + " verified (SHA-256 " + file.sha256()
                    + ")");
            return Optional.empty();
        } catch (JobFileException e) {
            LOG.warn("run {} of task {}: {}", run.runId(), task.name(), e.getMessage());
            logs.note(task.name(), run.runId(), e.getMessage());
            if (cancel.isCancelled()) {
                return Optional.of(Attempt.without(RunState.CANCELLED, e.getMessage()));
            }
            return Optional.of(Attempt.without(e.integrity() ? RunState.REJECTED : RunState.FAILED, e.getMessage()));
        }
    }

    private TaskOutcome stageUpdate(Path updatePackage, OutputListener output) {
        try {
            String staged = updater.stage(updatePackage);
            output.onOutput(OutputStreamKind.STDOUT, "staged agent version " + staged + " (running "
                    + updater.runningVersionName() + "); the agent restarts into it\n");
            ObjectNode result = JsonNodeFactory.instance.objectNode().put("from", updater.runningVersionName())
                    .put("to", staged);
            return TaskOutcome.succeeded(result);
        } catch (UpdateException e) {
            return new TaskOutcome(RunState.REJECTED, null, null, AgentUpdater.TASK + ": " + e.getMessage(), 0, false);
        }
    }

    private void markStarted(PendingRun run, TaskDefinition task, long pid, AtomicLong startedAt,
            LongConsumer onStarted) {
        if (startedAt.compareAndSet(0, clock.millis())) {
            onStarted.accept(pid);
            events.record(new RunStarted(run.runId(), Math.max(0, pid), run.attempt()));
            logs.note(task.name(), run.runId(), "attempt " + run.attempt() + " started"
                    + (pid > 0 ? " as pid " + pid : "") + " (" + run.source() + ")");
        }
    }
}
