package io.taskrunner.agent.executor;

/**
 * A program could not be started: it does not exist, is not executable, or its working directory is missing. The
 * message names the program and the working directory. A program that starts and then fails is not an exception:
 * its exit code is in the {@link ExecutionResult}.
 */
public class ExecutionFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ExecutionFailedException(String message) {
        super(message);
    }

    public ExecutionFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
