package io.taskrunner.protocol.message;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.ProtocolException;
import java.util.UUID;

/** A run ended: its final state, exit code (absent when the process never started) and figures. */
public record RunFinished(
        @JsonProperty(required = true) UUID runId,
        @JsonProperty(required = true) RunState state,
        Integer exitCode,
        long durationMs,
        long outputBytes,
        boolean outputTruncated,
        String error) implements MessageBody {

    public RunFinished {
        Check.required(runId, "runId");
        Check.required(state, "state");
        if (!state.isFinal()) {
            throw new ProtocolException("state", "must be a final state, was " + state.wire());
        }
        Check.range(durationMs, 0, Long.MAX_VALUE, "durationMs");
        Check.range(outputBytes, 0, Long.MAX_VALUE, "outputBytes");
        Check.maxLength(error, 4096, "error");
    }
}
