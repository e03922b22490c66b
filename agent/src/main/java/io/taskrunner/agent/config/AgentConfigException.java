package io.taskrunner.agent.config;

/** The agent's settings or data folder cannot be used; the message says what to do. */
public class AgentConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AgentConfigException(String message) {
        super(message);
    }

    public AgentConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
