package io.taskrunner.console.service.pki;

/** Thrown when keys or certificates cannot be created, read or written; the message says which file or step. */
public final class PkiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PkiException(String message, Throwable cause) {
        super(message, cause);
    }

    public PkiException(String message) {
        super(message);
    }
}
