package io.taskrunner.protocol.message;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;

/** The run's process started with this operating-system process id. */
public record RunStarted(@JsonProperty(required = true) UUID runId, long pid) implements MessageBody {
    public RunStarted {
        Check.required(runId, "runId");
    }
}
