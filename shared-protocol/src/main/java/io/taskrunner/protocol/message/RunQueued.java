package io.taskrunner.protocol.message;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import java.util.UUID;

/**
 * The agent accepted a run and queued it in {@code channel}; it waits until {@code runAt} when delayed. With
 * {@code mergedInto} the channel is distinct and an equal run was already waiting: this run finishes with that one.
 */
public record RunQueued(
        @JsonProperty(required = true) UUID runId,
        UUID commandId,
        String task,
        String channel,
        Long runAt,
        UUID mergedInto) implements MessageBody {

    public RunQueued {
        Check.required(runId, "runId");
        Check.maxLength(task, 256, "task");
        Check.maxLength(channel, 256, "channel");
    }

    public RunQueued(UUID runId, UUID commandId) {
        this(runId, commandId, null, null, null, null);
    }
}
