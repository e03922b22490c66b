package io.taskrunner.protocol.message;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import java.util.UUID;

/**
 * How far a running task says it is: the latest percent and status text it reported (a {@code ##taskrunner[progress]}
 * output line, or {@code progress()} in a script). The agent sends at most one a second per run and the last one
 * before the run's end, so each event carries the whole current state, not a change.
 *
 * @param percent 0 to 100, or null when the task has only reported text so far
 * @param details what the task is doing, at most {@value #MAX_DETAILS_CHARS} characters, or null when it gave none
 */
public record RunProgress(
        @JsonProperty(required = true) UUID runId,
        Integer percent,
        String details) implements MessageBody {

    public static final int MAX_DETAILS_CHARS = 512;

    public RunProgress {
        Check.required(runId, "runId");
        if (percent != null) {
            Check.range(percent, 0, 100, "percent");
        }
        Check.maxLength(details, MAX_DETAILS_CHARS, "details");
        if (percent == null && details == null) {
            throw new ProtocolException("percent", "is required when details is missing");
        }
    }
}
