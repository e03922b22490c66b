package io.taskrunner.console.transport;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.taskrunner.protocol.Topics;
import io.taskrunner.protocol.Topics.AgentChannel;
import io.taskrunner.protocol.Topics.AgentTopic;
import io.taskrunner.protocol.mqtt.MqttClients;
import io.taskrunner.protocol.mqtt.MqttConnectionSettings;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's MQTT 5 connection: a persistent session subscribed to every agent's state, metrics, events and job
 * requests.
 * Inbound messages are handled one at a time on one thread and acknowledged to the broker after the handler
 * returned (events are in H2 by then).
 */
public final class ConsoleTransport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleTransport.class);

    private final MqttConnectionSettings settings;
    private final Topics topics;
    private final InboundHandler handler;
    private final ExecutorService inbound =
            Executors.newSingleThreadExecutor(Thread.ofPlatform().name("console-inbound").factory());
    private final Mqtt5AsyncClient client;

    public ConsoleTransport(MqttConnectionSettings settings, InboundHandler handler) {
        this.settings = settings;
        this.topics = settings.topics();
        this.handler = handler;
        this.client = MqttClients.builder(settings)
                .addConnectedListener(context -> inbound.execute(this::onConnected))
                .addDisconnectedListener(context -> LOG.info("console disconnected from broker: {}",
                        context.getCause().getMessage()))
                .buildAsync();
        client.publishes(MqttGlobalPublishFilter.ALL, this::onPublish, inbound, true);
    }

    public Topics topics() {
        return topics;
    }

    /** Connects; completes when the first connection is up (reconnects happen by themselves afterwards). */
    public CompletableFuture<Void> start() {
        return client.connectWith()
                .cleanStart(false)
                .sessionExpiryInterval(settings.sessionExpiry().toSeconds())
                .keepAlive((int) settings.keepAlive().toSeconds())
                .send()
                .thenApply(ack -> null);
    }

    public boolean isConnected() {
        return client.getState().isConnected();
    }

    /** Publishes a signed command to one agent at QoS 1; completes when the broker has it. */
    public CompletableFuture<Void> sendCommand(String agentId, byte[] signedCommand) {
        return client.publishWith().topic(topics.commands(agentId)).qos(MqttQos.AT_LEAST_ONCE)
                .contentType("application/json").payload(signedCommand).send()
                .thenApply(result -> {
                    result.getError().ifPresent(error -> {
                        throw new TransportException("broker refused the command for " + agentId + ": " + error,
                                error);
                    });
                    return null;
                });
    }

    /**
     * Publishes a signed command to a group's commands topic at QoS 1 (not retained): the group's agents read it
     * through one shared subscription, so exactly one of them gets it. Completes when the broker has it.
     */
    public CompletableFuture<Void> sendGroupCommand(String group, byte[] signedCommand) {
        return client.publishWith().topic(topics.groupCommands(group)).qos(MqttQos.AT_LEAST_ONCE)
                .contentType("application/json").payload(signedCommand).send()
                .thenApply(result -> {
                    result.getError().ifPresent(error -> {
                        throw new TransportException("broker refused the command for group " + group + ": " + error,
                                error);
                    });
                    return null;
                });
    }

    /** Publishes a signed desired bundle retained at QoS 1, so the agent finds it whenever it (re)connects. */
    public CompletableFuture<Void> publishDesired(String agentId, byte[] signedBundle) {
        return client.publishWith().topic(topics.desired(agentId)).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .contentType("application/json").payload(signedBundle).send()
                .thenApply(result -> {
                    result.getError().ifPresent(error -> {
                        throw new TransportException("broker refused the desired bundle for " + agentId + ": "
                                + error, error);
                    });
                    return null;
                });
    }

    private void onConnected() {
        LOG.info("console connected to broker {}:{}", settings.host(), settings.port());
        for (AgentChannel channel : new AgentChannel[] {AgentChannel.STATE, AgentChannel.METRICS,
                AgentChannel.EVENTS, AgentChannel.ALERTS, AgentChannel.JOBS}) {
            client.subscribeWith().topicFilter(topics.allAgents(channel))
                    .qos(channel == AgentChannel.METRICS ? MqttQos.AT_MOST_ONCE : MqttQos.AT_LEAST_ONCE)
                    .send()
                    .whenComplete((subAck, failure) -> {
                        if (failure != null) {
                            LOG.error("cannot subscribe to {}", topics.allAgents(channel), failure);
                        }
                    });
        }
        handler.connected();
    }

    private void onPublish(Mqtt5Publish publish) {
        try {
            Optional<AgentTopic> topic = topics.parse(publish.getTopic().toString());
            if (topic.isEmpty()) {
                LOG.debug("ignoring message on {}", publish.getTopic());
                return;
            }
            byte[] payload = publish.getPayloadAsBytes();
            switch (topic.get().channel()) {
                case STATE -> handler.state(topic.get().agentId(), payload);
                case METRICS -> handler.metrics(topic.get().agentId(), payload);
                case EVENTS, ALERTS -> handler.event(topic.get().agentId(), payload);
                case JOBS -> handler.jobs(topic.get().agentId(), payload);
                default -> LOG.debug("ignoring {} message from {}", topic.get().channel(), topic.get().agentId());
            }
        } catch (RuntimeException e) {
            LOG.error("handling a message on {} failed; the console keeps running", publish.getTopic(), e);
        } finally {
            publish.acknowledge();
        }
    }

    @Override
    public void close() {
        try {
            client.disconnect().get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("disconnect did not complete cleanly: {}", e.toString());
        }
        inbound.shutdown();
        try {
            inbound.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The broker refused or could not take a message. */
    public static final class TransportException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public TransportException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
