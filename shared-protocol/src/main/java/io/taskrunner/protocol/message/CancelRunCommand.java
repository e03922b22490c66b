package io.taskrunner.protocol.message;

import io.taskrunner.protocol.Check;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;

/** Cancel a queued or running run; its process tree is killed. */
public record CancelRunCommand(@JsonProperty(required = true) UUID runId) implements MessageBody {
    public CancelRunCommand {
        Check.required(runId, "runId");
    }
}
