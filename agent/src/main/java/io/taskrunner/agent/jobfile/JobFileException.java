package io.taskrunner.agent.jobfile;

/**
 * A job file could not be had: not fetched (network, console, timeout) or not the file the command named (size or
 * SHA-256). The message names the file and is shown to the operator as the run's error.
 */
public final class JobFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean integrity;

    private JobFileException(String message, boolean integrity, Throwable cause) {
        super(message, cause);
        this.integrity = integrity;
    }

    /** The bytes are not those the signed command named: fetching again will not help. */
    static JobFileException mismatch(String message) {
        return new JobFileException(message, true, null);
    }

    /** Fetching failed; a later attempt may succeed. */
    static JobFileException unavailable(String message, Throwable cause) {
        return new JobFileException(message, false, cause);
    }

    /** Whether the bytes arrived but were wrong (size or hash), rather than not arriving. */
    public boolean integrity() {
        return integrity;
    }
}
