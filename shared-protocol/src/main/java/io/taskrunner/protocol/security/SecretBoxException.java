package io.taskrunner.protocol.security;

/**
 * A secret cannot be sealed or opened, or the key file that protects secrets at rest is unusable. The message names
 * the field (the purpose) or the file, never a secret value.
 */
public class SecretBoxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SecretBoxException(String message) {
        super(message);
    }

    public SecretBoxException(String message, Throwable cause) {
        super(message, cause);
    }
}
