package io.taskrunner.protocol.message;

import io.taskrunner.protocol.Check;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;

/** A chunk of a run's output, in the order the agent read it. */
public record RunOutput(
        @JsonProperty(required = true) UUID runId,
        @JsonProperty(required = true) OutputStreamName stream,
        @JsonProperty(required = true) String text) implements MessageBody {

    public static final int MAX_CHUNK_CHARS = 64 * 1024;

    public RunOutput {
        Check.required(runId, "runId");
        Check.required(stream, "stream");
        Check.maxLength(Check.required(text, "text"), MAX_CHUNK_CHARS, "text");
    }
}
