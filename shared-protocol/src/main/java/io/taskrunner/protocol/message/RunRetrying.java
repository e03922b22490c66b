package io.taskrunner.protocol.message;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import java.util.UUID;

/** An attempt of a run failed and another follows at {@code nextAttemptAt}, under the same run id. */
public record RunRetrying(
        @JsonProperty(required = true) UUID runId,
        @JsonProperty(required = true) int attempt,
        @JsonProperty(required = true) RunState state,
        Integer exitCode,
        String error,
        @JsonProperty(required = true) long nextAttemptAt) implements MessageBody {

    public RunRetrying {
        Check.required(runId, "runId");
        Check.range(attempt, 1, 1000, "attempt");
        Check.required(state, "state");
        if (state != RunState.FAILED && state != RunState.TIMED_OUT) {
            throw new ProtocolException("state", "only failed or timed_out attempts are retried, was "
                    + state.wire());
        }
        Check.maxLength(error, 4096, "error");
        Check.range(nextAttemptAt, 0, Long.MAX_VALUE, "nextAttemptAt");
    }
}
