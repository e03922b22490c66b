package io.taskrunner.console.transport;

/** What the console does with each agent message; called on the {@code console-inbound} thread, in order. */
public interface InboundHandler {
    void state(String agentId, byte[] payload);

    void metrics(String agentId, byte[] payload);

    void event(String agentId, byte[] payload);

    /** A request of the agent on its {@code jobs} topic ({@code jobs.next}). */
    default void jobs(String agentId, byte[] payload) {
    }

    /** The broker connection is (again) up: time to re-synchronise acknowledgements. */
    void connected();
}
