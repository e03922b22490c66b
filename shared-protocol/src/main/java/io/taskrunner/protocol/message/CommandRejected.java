package io.taskrunner.protocol.message;

import io.taskrunner.protocol.Check;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;

/**
 * The agent refused a command: bad signature, expired, replayed, malformed. {@code field} names what was wrong
 * (e.g. {@code signature}, {@code expiresAt}, {@code nonce}, {@code body.timeoutSeconds}); {@code commandId} is
 * absent when the message could not be read far enough to know it.
 */
public record CommandRejected(
        UUID commandId,
        String field,
        @JsonProperty(required = true) String reason) implements MessageBody {

    public CommandRejected {
        Check.maxLength(field, 256, "field");
        Check.maxLength(Check.notBlank(reason, "reason"), 1024, "reason");
    }
}
