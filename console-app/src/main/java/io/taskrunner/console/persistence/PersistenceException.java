package io.taskrunner.console.persistence;

/** A database operation of the console failed; wraps the SQL cause with what was being done. */
public class PersistenceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PersistenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
