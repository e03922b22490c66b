package io.taskrunner.protocol.message;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import java.util.UUID;

/** An attempt of the run started; {@code pid} is the operating-system process id, 0 when no process is involved. */
public record RunStarted(@JsonProperty(required = true) UUID runId, long pid, int attempt) implements MessageBody {
    public RunStarted {
        Check.required(runId, "runId");
        attempt = attempt == 0 ? 1 : attempt;
        Check.range(attempt, 1, 1000, "attempt");
    }

    public RunStarted(UUID runId, long pid) {
        this(runId, pid, 1);
    }
}
