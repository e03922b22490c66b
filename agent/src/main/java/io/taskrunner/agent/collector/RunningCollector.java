package io.taskrunner.agent.collector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskrunner.agent.engine.RunEngine;
import io.taskrunner.agent.engine.RunRequest;
import io.taskrunner.agent.watchdog.AlertTexts;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.StoreAction;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.definition.collector.CollectorDefinition;
import io.taskrunner.protocol.definition.collector.CollectorPublish;
import io.taskrunner.protocol.definition.collector.CollectorThreshold;
import io.taskrunner.protocol.definition.watchdog.AlertTargets;
import io.taskrunner.protocol.message.AlertSeverity;
import io.taskrunner.protocol.message.CollectorValues;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One collector's poll loop on its own virtual thread, so a slow or dead device delays only its own collector. Each
 * poll's values go to the console, then to the collector's topic, table and thresholds; a failed poll goes to the
 * console as an error and is tried again at the next tick.
 */
final class RunningCollector {
    private static final Logger LOG = LoggerFactory.getLogger(RunningCollector.class);
    static final String SOURCE = "collector";
    static final String COLLECTED_AT = "collected_at";

    private final CollectorDefinition definition;
    private final CollectorEngine.Parts parts;
    private final List<ThresholdState> thresholds = new ArrayList<>();
    private final StoreAction store;
    private volatile boolean stopped;
    private Thread thread;
    private Map<String, Object> lastPublished;
    private String lastError;

    RunningCollector(CollectorDefinition definition, CollectorEngine.Parts parts) {
        this.definition = definition;
        this.parts = parts;
        for (CollectorThreshold threshold : definition.thresholds()) {
            boolean alertOpen = threshold.alert() != null
                    && parts.incidents().open(alertKey(definition.name(), threshold.name())).isPresent();
            thresholds.add(new ThresholdState(threshold, alertOpen));
        }
        this.store = definition.store() == null ? null : storeAction(definition);
    }

    static String alertKey(String collector, String threshold) {
        return "collector:" + collector + "/" + threshold;
    }

    CollectorDefinition definition() {
        return definition;
    }

    void start() {
        thread = Thread.ofVirtual().name("collector-" + definition.name()).start(this::loop);
    }

    /** Stops polling; a poll under way finishes (device I/O is bounded by its own timeout) unless interrupted. */
    void stop() {
        stopped = true;
        if (thread != null) {
            thread.interrupt();
        }
    }

    boolean awaitStopped(long millis) throws InterruptedException {
        return thread == null || thread.join(java.time.Duration.ofMillis(millis));
    }

    private void loop() {
        long period = definition.period().toNanos();
        long next = System.nanoTime();
        while (!stopped) {
            pollOnce();
            next += period;
            long now = System.nanoTime();
            if (next - now < 0) {
                // behind (a slow device): skip the missed ticks instead of polling back to back
                next = now + period - Math.floorMod(now - next, period);
            }
            while (!stopped && next - System.nanoTime() > 0) {
                LockSupport.parkNanos(this, next - System.nanoTime());
                if (Thread.interrupted() && stopped) {
                    return;
                }
            }
        }
    }

    void pollOnce() {
        Map<String, Object> values;
        try {
            values = parts.reader().read(definition);
        } catch (RuntimeException e) {
            failed(e.getMessage() == null ? e.toString() : e.getMessage());
            return;
        }
        if (lastError != null) {
            LOG.info("collector {} reads its device again", definition.name());
            lastError = null;
        }
        sendToConsole(new CollectorValues(definition.name(), values, null));
        long now = parts.clock().millis();
        publish(values, now);
        store(values, now);
        for (ThresholdState state : thresholds) {
            switch (state.update(values, now)) {
                case FIRED -> fired(state.threshold(), values);
                case CLEARED -> cleared(state.threshold(), values);
                case NONE -> { }
            }
        }
    }

    private void failed(String error) {
        if (!error.equals(lastError)) {
            LOG.warn("collector {}: {}", definition.name(), error);
        } else {
            LOG.debug("collector {}: {}", definition.name(), error);
        }
        lastError = error;
        sendToConsole(new CollectorValues(definition.name(), Map.of(), error));
    }

    private void sendToConsole(CollectorValues values) {
        try {
            parts.outputs().toConsole(values);
        } catch (RuntimeException e) {
            LOG.debug("collector {}: values not sent to the console: {}", definition.name(), e.toString());
        }
    }

    private void publish(Map<String, Object> values, long now) {
        CollectorPublish publish = definition.publish();
        if (publish == null || publish.onlyChanges() && values.equals(lastPublished)) {
            return;
        }
        ObjectNode message = parts.json().createObjectNode();
        message.put("collector", definition.name());
        message.put("at", now);
        message.set("values", parts.json().valueToTree(values));
        try {
            parts.outputs().publish(publish.topic(), parts.json().writeValueAsBytes(message), publish.qos(),
                    publish.retain());
            lastPublished = values;
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warn("collector {}: cannot publish to {}: {}", definition.name(), publish.topic(), e.getMessage());
        }
    }

    private void store(Map<String, Object> values, long now) {
        if (store == null) {
            return;
        }
        Map<String, Object> row = new LinkedHashMap<>(values);
        row.put(COLLECTED_AT, new Timestamp(now));
        try {
            parts.store().insert(store, row);
        } catch (RuntimeException e) {
            LOG.warn("collector {}: {}", definition.name(), e.getMessage());
        }
    }

    private void fired(CollectorThreshold threshold, Map<String, Object> values) {
        LOG.info("collector {}: threshold {} reached ({}); values {}", definition.name(), threshold.name(),
                threshold.condition().text(), values);
        if (threshold.alert() != null) {
            parts.incidents().raise(alertKey(definition.name(), threshold.name()), targets(),
                    AlertSeverity.valueOf(threshold.alert().name()), AlertTexts.text(targets(),
                            "collector.alert.reached", definition.name(), threshold.name(),
                            threshold.condition().text(), values));
        }
        if (threshold.task() != null) {
            runTask(threshold, values);
        }
    }

    private void cleared(CollectorThreshold threshold, Map<String, Object> values) {
        LOG.info("collector {}: threshold {} cleared; values {}", definition.name(), threshold.name(), values);
        if (threshold.alert() != null) {
            parts.incidents().recover(alertKey(definition.name(), threshold.name()), targets(),
                    AlertTexts.text(targets(), "collector.alert.cleared", definition.name(), threshold.name(),
                            values));
        }
    }

    private AlertTargets targets() {
        return definition.alert() == null ? AlertTargets.CONSOLE_ONLY : definition.alert();
    }

    /** The threshold's own parameters, plus each value whose name the task declares as a parameter. */
    private void runTask(CollectorThreshold threshold, Map<String, Object> values) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        TaskDefinition task = parts.tasks().apply(threshold.task()).orElse(null);
        if (task != null) {
            for (ParameterSpec declared : task.parameters()) {
                if (values.containsKey(declared.name())) {
                    parameters.put(declared.name(), values.get(declared.name()));
                }
            }
        }
        parameters.putAll(threshold.parameters());
        RunEngine.Submission submission = parts.runs().submit(RunRequest.of(threshold.task(), parameters, SOURCE));
        if (submission.accepted()) {
            LOG.info("collector {}: threshold {} queued run {} of task {}", definition.name(), threshold.name(),
                    submission.runId(), threshold.task());
        } else {
            LOG.warn("collector {}: threshold {} could not run task {}: {}", definition.name(), threshold.name(),
                    threshold.task(), submission.error());
        }
    }

    private static StoreAction storeAction(CollectorDefinition definition) {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put(COLLECTED_AT, COLLECTED_AT);
        definition.valueNames().forEach(name -> columns.put(name, name));
        return new StoreAction(definition.store().datasource(), definition.store().table(), columns);
    }
}
