package io.taskrunner.agent.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskrunner.agent.executor.ExecutionResult;
import io.taskrunner.protocol.message.RunState;
import java.time.Duration;
import java.util.Objects;

/**
 * How one attempt ended.
 *
 * @param result          the structured result (SQL rows, HTTP response, script result), or {@code null}
 * @param outputBytes     output bytes the executor counted itself (process output incl. dropped bytes), or 0
 * @param outputTruncated the executor dropped output beyond the limit itself
 */
public record TaskOutcome(
        RunState state,
        Integer exitCode,
        JsonNode result,
        String error,
        long outputBytes,
        boolean outputTruncated) {

    /** The prefix of the error of a task type or tool this machine cannot run. */
    public static final String UNSUPPORTED = "unsupported: ";

    public TaskOutcome {
        Objects.requireNonNull(state, "state");
        if (!state.isFinal()) {
            throw new IllegalArgumentException("an outcome needs a final state, was " + state);
        }
    }

    public static TaskOutcome succeeded(JsonNode result) {
        return new TaskOutcome(RunState.SUCCEEDED, null, result, null, 0, false);
    }

    public static TaskOutcome failed(String error) {
        return new TaskOutcome(RunState.FAILED, null, null, error, 0, false);
    }

    public static TaskOutcome failed(String error, JsonNode result) {
        return new TaskOutcome(RunState.FAILED, null, result, error, 0, false);
    }

    public static TaskOutcome timedOut(Duration timeout) {
        return new TaskOutcome(RunState.TIMED_OUT, null, null, "timed out after " + timeout.toSeconds() + " s", 0,
                false);
    }

    public static TaskOutcome cancelled() {
        return new TaskOutcome(RunState.CANCELLED, null, null, "cancelled", 0, false);
    }

    /** This machine lacks what the task needs (an interpreter, a desktop, a backup tool): rejected, not retried. */
    public static TaskOutcome unsupported(String what) {
        return new TaskOutcome(RunState.REJECTED, null, null, UNSUPPORTED + what, 0, false);
    }

    /** The outcome of a process run: cancelled, timed out (tree killed), or succeeded/failed by exit code. */
    public static TaskOutcome ofProcess(ExecutionResult result, Duration timeout, JsonNode details) {
        RunState state;
        String error = null;
        if (result.cancelled()) {
            state = RunState.CANCELLED;
            error = "cancelled; process tree killed";
        } else if (result.timedOut()) {
            state = RunState.TIMED_OUT;
            error = "timed out after " + timeout.toSeconds() + " s; process tree killed";
        } else if (result.exitCode() == 0) {
            state = RunState.SUCCEEDED;
        } else {
            state = RunState.FAILED;
            error = "exit code " + result.exitCode();
        }
        return new TaskOutcome(state, result.exitCode(), details, error, result.outputBytes(),
                result.outputTruncated());
    }

    public TaskOutcome withResult(JsonNode newResult) {
        return new TaskOutcome(state, exitCode, newResult, error, outputBytes, outputTruncated);
    }
}
