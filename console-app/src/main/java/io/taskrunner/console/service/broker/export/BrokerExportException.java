package io.taskrunner.console.service.broker.export;

/** Thrown when the broker rules cannot be written; the message names the file, the cause says why. */
public final class BrokerExportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BrokerExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
