package io.taskrunner.agent.task;

/** A task could not do its work; the message is shown to the operator as the run's error, so make it name what. */
public class TaskException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TaskException(String message) {
        super(message);
    }

    public TaskException(String message, Throwable cause) {
        super(message, cause);
    }
}
