package io.taskrunner.console.service.broker;

/** Thrown when the embedded broker cannot start or stop; the message says which step, the cause why. */
public final class BrokerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BrokerException(String message, Throwable cause) {
        super(message, cause);
    }

    public BrokerException(String message) {
        super(message);
    }
}
