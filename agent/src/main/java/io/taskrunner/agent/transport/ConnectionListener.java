package io.taskrunner.agent.transport;

/** What the agent does when its broker connection changes or a command arrives; called on one named thread. */
public interface ConnectionListener {
    void connected();

    void disconnected();

    /**
     * A message on this agent's commands topic or on the commands topic of one of its groups; when this returns the
     * broker is told it was handled.
     */
    void commandReceived(byte[] payload);

    /** The retained bundle on this agent's desired topic (again after every reconnect); on the same thread. */
    default void desiredReceived(byte[] payload) {
    }
}
