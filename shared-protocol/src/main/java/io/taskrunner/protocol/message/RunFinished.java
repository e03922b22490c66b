package io.taskrunner.protocol.message;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import java.util.UUID;

/**
 * A run ended: its final state, exit code (absent when no process ran), figures, and the structured result of the
 * task (rows of a SQL query, an HTTP response, a script's {@code result}); {@code attempts} counts retries too.
 */
public record RunFinished(
        @JsonProperty(required = true) UUID runId,
        @JsonProperty(required = true) RunState state,
        Integer exitCode,
        long durationMs,
        long outputBytes,
        boolean outputTruncated,
        String error,
        String task,
        int attempts,
        JsonNode result) implements MessageBody {

    public RunFinished {
        Check.required(runId, "runId");
        Check.required(state, "state");
        if (!state.isFinal()) {
            throw new ProtocolException("state", "must be a final state, was " + state.wire());
        }
        Check.range(durationMs, 0, Long.MAX_VALUE, "durationMs");
        Check.range(outputBytes, 0, Long.MAX_VALUE, "outputBytes");
        Check.maxLength(error, 4096, "error");
        Check.maxLength(task, 256, "task");
        Check.range(attempts, 0, 1000, "attempts");
        if (result != null && result.isNull()) {
            result = null;
        }
    }

    public RunFinished(UUID runId, RunState state, Integer exitCode, long durationMs, long outputBytes,
            boolean outputTruncated, String error) {
        this(runId, state, exitCode, durationMs, outputBytes, outputTruncated, error, null, 0, null);
    }
}
