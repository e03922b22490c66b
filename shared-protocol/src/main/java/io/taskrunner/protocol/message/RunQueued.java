package io.taskrunner.protocol.message;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;

/** The agent accepted a run command and queued it. */
public record RunQueued(@JsonProperty(required = true) UUID runId, UUID commandId) implements MessageBody {
    public RunQueued {
        Check.required(runId, "runId");
    }
}
