package io.taskrunner.protocol.security;

import java.util.UUID;

/**
 * A signed message the agent must not act on. {@code field} names the failing part (signature, target, expiresAt,
 * nonce, or a body field); {@code commandId} is null when the message could not be read far enough.
 */
public class CommandRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient UUID commandId;
    private final String field;

    public CommandRejectedException(UUID commandId, String field, String reason) {
        super(reason);
        this.commandId = commandId;
        this.field = field;
    }

    public UUID commandId() {
        return commandId;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return getMessage();
    }
}
