package io.taskrunner.agent.trigger;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskrunner.agent.engine.DefinitionRegistry;
import io.taskrunner.agent.engine.RunEngine;
import io.taskrunner.agent.transport.AgentConnection;
import io.taskrunner.agent.transport.DeviceMessage;
import io.taskrunner.protocol.Topics;
import io.taskrunner.protocol.definition.DefinitionSet;
import io.taskrunner.protocol.definition.TriggerRule;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Devices trigger this agent over MQTT: it listens on its built-in topic ({@code .../agents/<id>/trigger/+}) and on
 * the topics of its trigger rules (and, when its settings allow ad-hoc programs from devices, on
 * {@code .../agents/<id>/adhoc}), follows rule changes, and handles each message on its own virtual thread, so a
 * slow datasource or a large file never holds up the next button press. Each message is acknowledged to the broker
 * once handled (refused or skipped, or its run accepted and on disk; the run itself starts before that).
 */
public final class MqttTriggers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttTriggers.class);
    /** Messages handled at once; beyond it a flood is dropped (and logged) rather than queued without end. */
    static final int MAX_IN_FLIGHT = 1000;

    private final AgentConnection connection;
    private final DefinitionRegistry definitions;
    private final TriggerDispatcher dispatcher;
    private final Topics topics;
    private final String agentId;
    private final ExecutorService handlers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("trigger-", 0).factory());
    private final AtomicInteger inFlight = new AtomicInteger();
    private final boolean adhocAllowed;

    public MqttTriggers(AgentConnection connection, RunEngine engine, DefinitionRegistry definitions,
            DeviceDataStore store, Topics topics, String agentId, Path dataDir, Clock clock, ObjectMapper json,
            boolean adhocAllowed) {
        this.connection = connection;
        this.definitions = definitions;
        this.topics = topics;
        this.agentId = agentId;
        this.dispatcher = new TriggerDispatcher(engine, definitions, topics, agentId,
                new PayloadMapper(new DeviceFiles(dataDir, clock)), new Debouncer(clock), store,
                (topic, payload, correlation) -> connection.publishReply(topic, payload, correlation)
                        .whenComplete((ack, failure) -> {
                            if (failure != null) {
                                LOG.warn("reply on {} not delivered: {}", topic, failure.getMessage());
                            }
                        }),
                json, adhocAllowed);
        this.adhocAllowed = adhocAllowed;
    }

    /** Starts listening; call before the connection starts, so the first connect subscribes everything. */
    public void start() {
        connection.onDeviceMessage(this::accept);
        definitions.onChange(this::subscribe);
        subscribe(definitions.current());
    }

    private void subscribe(DefinitionSet set) {
        Set<String> filters = new LinkedHashSet<>();
        filters.add(topics.allTriggers(agentId));
        if (adhocAllowed) {
            filters.add(topics.adhoc(agentId));
        }
        set.triggers().stream().filter(TriggerRule::isEnabled).map(TriggerRule::topic).forEach(filters::add);
        connection.subscribeDevices(filters);
    }

    private void accept(DeviceMessage message) {
        if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
            inFlight.decrementAndGet();
            LOG.warn("dropping a device message on {}: {} are being handled already", message.topic(), MAX_IN_FLIGHT);
            message.acknowledge().run();
            return;
        }
        handlers.execute(() -> dispatcher.dispatch(message).whenComplete((done, failure) -> {
            inFlight.decrementAndGet();
            message.acknowledge().run();
        }));
    }

    @Override
    public void close() {
        handlers.shutdown();
        try {
            if (!handlers.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("device messages still being handled at shutdown; they are redelivered after the restart");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
