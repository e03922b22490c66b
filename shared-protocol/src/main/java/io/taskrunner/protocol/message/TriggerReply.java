package io.taskrunner.protocol.message;

import io.taskrunner.protocol.Check;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/** The answer to a device's trigger, sent to its response topic. */
public record TriggerReply(
        @JsonProperty(required = true) UUID runId,
        @JsonProperty(required = true) RunState state,
        Integer exitCode,
        JsonNode result,
        String error) implements MessageBody {

    public TriggerReply {
        Check.required(runId, "runId");
        Check.required(state, "state");
        Check.maxLength(error, 4096, "error");
    }
}
