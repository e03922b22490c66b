package io.taskrunner.agent.runs;

import io.taskrunner.agent.events.EventLog;
import io.taskrunner.agent.executor.CancellationToken;
import io.taskrunner.agent.executor.CommandSpec;
import io.taskrunner.agent.executor.ExecutionFailedException;
import io.taskrunner.agent.executor.ExecutionResult;
import io.taskrunner.agent.executor.ProcessExecutor;
import io.taskrunner.protocol.message.OutputStreamName;
import io.taskrunner.protocol.message.RunCommand;
import io.taskrunner.protocol.message.RunFinished;
import io.taskrunner.protocol.message.RunOutput;
import io.taskrunner.protocol.message.RunQueued;
import io.taskrunner.protocol.message.RunStarted;
import io.taskrunner.protocol.message.RunState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs accepted commands on virtual threads, at most {@code maxConcurrent} at a time, and records each run's
 * lifecycle (queued, started, output, finished) as durable events.
 */
public final class RunManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunManager.class);

    private final EventLog events;
    private final ProcessExecutor executor;
    private final Semaphore slots;
    private final Path defaultWorkDir;
    private final Map<UUID, CancellationToken> active = new ConcurrentHashMap<>();
    private final ExecutorService threads =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("run-", 0).factory());

    public RunManager(EventLog events, ProcessExecutor executor, int maxConcurrent, Path defaultWorkDir) {
        this.events = events;
        this.executor = executor;
        this.slots = new Semaphore(maxConcurrent, true);
        this.defaultWorkDir = defaultWorkDir;
    }

    public void submit(UUID commandId, RunCommand command) {
        CancellationToken token = new CancellationToken();
        if (active.putIfAbsent(command.runId(), token) != null) {
            LOG.info("run {} is already active", command.runId());
            return;
        }
        events.record(new RunQueued(command.runId(), commandId));
        threads.execute(() -> runWhenSlotFree(command, token));
    }

    public boolean cancel(UUID runId) {
        CancellationToken token = active.get(runId);
        if (token == null) {
            return false;
        }
        token.cancel();
        return true;
    }

    public int running() {
        return active.size();
    }

    private void runWhenSlotFree(RunCommand command, CancellationToken token) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finish(command.runId(), new RunFinished(command.runId(), RunState.CANCELLED, null, 0, 0, false,
                    "agent stopped before the run started"));
            return;
        }
        try {
            if (token.isCancelled()) {
                finish(command.runId(), new RunFinished(command.runId(), RunState.CANCELLED, null, 0, 0, false,
                        "cancelled before it started"));
                return;
            }
            execute(command, token);
        } finally {
            slots.release();
        }
    }

    private void execute(RunCommand command, CancellationToken token) {
        UUID runId = command.runId();
        CommandSpec spec = new CommandSpec(command.argv(), workingDir(command), command.env(),
                Duration.ofSeconds(command.timeoutSeconds()), command.outputLimitBytes());
        RunFinished finished;
        try {
            ExecutionResult result = executor.execute(spec,
                    pid -> events.record(new RunStarted(runId, pid)),
                    (stream, text) -> events.record(new RunOutput(runId, streamName(stream), text)),
                    token);
            finished = new RunFinished(runId, stateOf(result), result.exitCode(), result.duration().toMillis(),
                    result.outputBytes(), result.outputTruncated(), errorOf(result, command));
        } catch (ExecutionFailedException e) {
            finished = new RunFinished(runId, RunState.FAILED, null, 0, 0, false, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("run {} failed inside the agent", runId, e);
            finished = new RunFinished(runId, RunState.FAILED, null, 0, 0, false, "agent error: " + e);
        }
        finish(runId, finished);
    }

    private void finish(UUID runId, RunFinished finished) {
        events.record(finished);
        active.remove(runId);
        LOG.info("run {} finished: {} exit {}", runId, finished.state().wire(), finished.exitCode());
    }

    private Path workingDir(RunCommand command) {
        return command.workingDir() == null ? defaultWorkDir : Path.of(command.workingDir());
    }

    private static RunState stateOf(ExecutionResult result) {
        if (result.cancelled()) {
            return RunState.CANCELLED;
        }
        if (result.timedOut()) {
            return RunState.TIMED_OUT;
        }
        return result.exitCode() == 0 ? RunState.SUCCEEDED : RunState.FAILED;
    }

    private static String errorOf(ExecutionResult result, RunCommand command) {
        if (result.timedOut()) {
            return "timed out after " + command.timeoutSeconds() + " s; process tree killed";
        }
        return null;
    }

    private static OutputStreamName streamName(Enum<?> stream) {
        return stream.name().contains("ERR") ? OutputStreamName.STDERR : OutputStreamName.STDOUT;
    }

    @Override
    public void close() {
        active.values().forEach(CancellationToken::cancel);
        threads.shutdown();
    }
}
