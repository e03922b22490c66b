package io.taskrunner.console.service.fleet;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The fleet as the console sees it. Listeners are called on a transport thread, never the UI thread: views reach
 * them through their view-model's UI executor.
 */
public interface FleetService {
    List<AgentSnapshot> agents();

    Optional<AgentSnapshot> agent(String agentId);

    /**
     * Removes the agent from the fleet: it is no longer listed, every certificate issued to it is revoked, the
     * broker refuses it from now on and its live session is closed at once. Enrolling the same id again makes a new
     * agent of it. Blocks on the database; call it off the UI thread.
     *
     * @return false when no such agent is listed
     * @throws IllegalArgumentException for the console's own identity
     */
    boolean removeAgent(String agentId);

    /** Called with the new snapshot whenever an agent's state or metrics change. Returns a handle to unsubscribe. */
    AutoCloseable onAgentChanged(Consumer<AgentSnapshot> listener);
}
