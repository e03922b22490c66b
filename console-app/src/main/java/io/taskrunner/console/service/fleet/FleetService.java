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

    /** Called with the new snapshot whenever an agent's state or metrics change. Returns a handle to unsubscribe. */
    AutoCloseable onAgentChanged(Consumer<AgentSnapshot> listener);
}
