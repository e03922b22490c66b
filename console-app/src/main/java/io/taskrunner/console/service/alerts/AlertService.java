package io.taskrunner.console.service.alerts;

import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/** The fleet's alerts as the agents reported them: open incidents first, history after. Thread-safe. */
public interface AlertService {

    /** Incidents not yet recovered, newest first. */
    List<AlertSnapshot> open();

    /** The latest {@code limit} incidents, open or closed, newest first. */
    List<AlertSnapshot> recent(int limit);

    /** Marks an incident as seen by {@code operator}; false if there is no such incident or it was already. */
    boolean acknowledge(UUID incidentId, String operator);

    /** Tells {@code listener} of every incident raised, recovered or acknowledged, on the thread that stored it. */
    AutoCloseable addListener(Consumer<AlertSnapshot> listener);
}
