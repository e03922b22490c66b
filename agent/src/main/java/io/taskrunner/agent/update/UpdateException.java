package io.taskrunner.agent.update;

/** A self-update cannot go ahead; the message says why, for the operator. */
public final class UpdateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UpdateException(String message) {
        super(message);
    }

    public UpdateException(String message, Throwable cause) {
        super(message, cause);
    }
}
