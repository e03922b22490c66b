package io.taskrunner.agent.store;

/** The agent's local store could not be opened or written; the message names the file. */
public class AgentStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public AgentStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
