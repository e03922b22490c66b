package io.taskrunner.agent.collector;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskrunner.agent.engine.RunEngine;
import io.taskrunner.agent.trigger.DeviceDataStore;
import io.taskrunner.agent.watchdog.AlertTexts;
import io.taskrunner.agent.watchdog.Incidents;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.definition.collector.CollectorDefinition;
import io.taskrunner.protocol.definition.collector.CollectorThreshold;
import io.taskrunner.protocol.definition.watchdog.AlertTargets;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the agent's collectors: each enabled one polls on its own thread until it is removed, disabled or changed
 * (then it restarts with its new definition). Threshold alerts are incidents kept in the agent store, so a restart
 * neither raises an open one again nor forgets to close it; removing a collector closes its open alerts.
 * Thread-safe.
 */
public final class CollectorEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CollectorEngine.class);
    private static final long STOP_WAIT_MILLIS = 5000;

    /**
     * @param reader    reads a collector's device (Modbus slaves, serial ports)
     * @param outputs   the console's live view and MQTT topics
     * @param store     writes rows into datasource tables
     * @param runs      runs threshold tasks
     * @param tasks     the task of a name, to pass values to its declared parameters
     * @param incidents threshold alerts, kept across restarts
     */
    public record Parts(Clock clock, CollectorReader reader, CollectorOutputs outputs, DeviceDataStore store,
            RunEngine runs, Function<String, Optional<TaskDefinition>> tasks, Incidents incidents, ObjectMapper json) {
        public Parts {
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(reader, "reader");
            Objects.requireNonNull(outputs, "outputs");
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(runs, "runs");
            Objects.requireNonNull(tasks, "tasks");
            Objects.requireNonNull(incidents, "incidents");
            Objects.requireNonNull(json, "json");
        }
    }

    private final Parts parts;
    private final Map<String, RunningCollector> running = new HashMap<>();
    private List<CollectorDefinition> wanted = List.of();
    private boolean started;
    private boolean closed;

    public CollectorEngine(Parts parts) {
        this.parts = parts;
    }

    /** Replaces the set of collectors; unchanged ones keep polling undisturbed. */
    public synchronized void update(List<CollectorDefinition> collectors) {
        wanted = List.copyOf(collectors);
        if (started && !closed) {
            apply();
        }
    }

    public synchronized void start() {
        started = true;
        apply();
    }

    /** The collectors polling now, by name. */
    public synchronized Set<String> running() {
        return Set.copyOf(running.keySet());
    }

    private void apply() {
        Map<String, CollectorDefinition> byName = new HashMap<>();
        wanted.stream().filter(CollectorDefinition::isEnabled).forEach(c -> byName.put(c.name(), c));
        for (RunningCollector collector : List.copyOf(running.values())) {
            CollectorDefinition now = byName.get(collector.definition().name());
            if (!collector.definition().equals(now)) {
                stop(collector);
                running.remove(collector.definition().name());
            }
        }
        closeOrphanedAlerts(byName);
        byName.forEach((name, definition) -> {
            if (!running.containsKey(name)) {
                RunningCollector collector = new RunningCollector(definition, parts);
                running.put(name, collector);
                collector.start();
                LOG.info("collector {} polls every {}", name, definition.every());
            }
        });
    }

    /** Closes open threshold alerts whose collector or threshold is gone or no longer raises alerts. */
    private void closeOrphanedAlerts(Map<String, CollectorDefinition> byName) {
        Set<String> alerting = new HashSet<>();
        byName.values().forEach(collector -> {
            for (CollectorThreshold threshold : collector.thresholds()) {
                if (threshold.alert() != null) {
                    alerting.add(RunningCollector.alertKey(collector.name(), threshold.name()));
                }
            }
        });
        for (String key : parts.incidents().rulesWithIncident()) {
            if (key.startsWith("collector:") && !alerting.contains(key)) {
                String collector = key.substring("collector:".length(), key.indexOf('/'));
                String threshold = key.substring(key.indexOf('/') + 1);
                parts.incidents().recover(key, AlertTargets.CONSOLE_ONLY, AlertTexts.text(AlertTargets.CONSOLE_ONLY,
                        "collector.alert.removed", collector, threshold));
            }
        }
    }

    private static void stop(RunningCollector collector) {
        collector.stop();
        try {
            if (!collector.awaitStopped(STOP_WAIT_MILLIS)) {
                LOG.warn("collector {} did not stop within {} ms; it ends after its current poll",
                        collector.definition().name(), STOP_WAIT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        running.values().forEach(RunningCollector::stop);
        running.values().forEach(CollectorEngine::stop);
        running.clear();
    }
}
