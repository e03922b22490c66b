package io.taskrunner.agent.transport;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.taskrunner.protocol.Topics;
import io.taskrunner.protocol.definition.DeviceFileLimits;
import io.taskrunner.protocol.mqtt.MqttClients;
import io.taskrunner.protocol.mqtt.MqttConnectionSettings;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's one MQTT 5 connection: persistent session, retained state with an offline will, the commands
 * subscription, the shared subscriptions of its groups' commands ({@code $share/<group>/.../groups/<group>/commands},
 * where the broker hands each command to one member), the device (trigger) subscriptions, and QoS 1 event
 * publishing. On every (re)connect, once the commands subscription stands, it asks the console for its next pending
 * job execution ({@code jobs.next}), so work queued for it while it was away comes even when a broker dropped the
 * command. Commands (the agent's own and its groups') are handled one at a time
 * on the {@code agent-commands} thread and acknowledged to the broker only after they were handled, so a crash
 * mid-way gets them redelivered. Device messages are handed to their listener at once (it works on its own threads
 * and acknowledges each when handled), so a burst of triggers never delays a command.
 */
public final class AgentConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentConnection.class);

    /** The largest message the agent takes: a device file at its largest, plus room for the MQTT headers. */
    static final int MAX_INBOUND_PACKET_BYTES = (int) DeviceFileLimits.MAX_BYTES + 64 * 1024;

    private final MqttConnectionSettings settings;
    private final Topics topics;
    private final String agentId;
    private final Supplier<byte[]> onlineState;
    private final byte[] offlineState;
    private final ConnectionListener listener;
    private final Supplier<byte[]> nextJobRequest;
    private final ExecutorService inbound =
            Executors.newSingleThreadExecutor(Thread.ofPlatform().name("agent-commands").factory());
    private final Mqtt5AsyncClient client;
    private final DeviceSubscriptions deviceTopics = new DeviceSubscriptions();
    private final GroupSubscriptions groups = new GroupSubscriptions();
    private volatile Consumer<DeviceMessage> deviceListener = message -> {
        LOG.debug("no trigger handling yet; dropping message on {}", message.topic());
        message.acknowledge().run();
    };

    /** @param nextJobRequest the encoded {@code jobs.next} report sent after each connect */
    public AgentConnection(MqttConnectionSettings settings, Supplier<byte[]> onlineState, byte[] offlineState,
            ConnectionListener listener, Supplier<byte[]> nextJobRequest) {
        this.settings = settings;
        this.nextJobRequest = nextJobRequest;
        this.topics = settings.topics();
        this.agentId = settings.clientId();
        this.onlineState = onlineState;
        this.offlineState = offlineState;
        this.listener = listener;
        this.client = MqttClients.builder(settings)
                .willPublish()
                .topic(topics.state(agentId))
                .payload(offlineState)
                .qos(MqttQos.AT_LEAST_ONCE)
                .retain(true)
                .contentType("application/json")
                .applyWillPublish()
                .addConnectedListener(context -> inbound.execute(this::onConnected))
                .addDisconnectedListener(context -> {
                    LOG.info("disconnected from {}:{}: {}", settings.host(), settings.port(),
                            context.getCause().getMessage());
                    inbound.execute(listener::disconnected);
                })
                .buildAsync();
        // on the client's own thread: device messages go straight to their handlers, commands to agent-commands
        client.publishes(MqttGlobalPublishFilter.ALL, this::onPublish, true);
    }

    public void start() {
        LOG.info("connecting to {}:{} as {}", settings.host(), settings.port(), agentId);
        client.connectWith()
                // the broker drops, rather than sends, anything larger: a device cannot make the agent hold more
                .restrictions().maximumPacketSize(MAX_INBOUND_PACKET_BYTES).applyRestrictions()
                .cleanStart(false)
                .sessionExpiryInterval(settings.sessionExpiry().toSeconds())
                .keepAlive((int) settings.keepAlive().toSeconds())
                .send()
                .whenComplete((ack, failure) -> {
                    if (failure != null) {
                        LOG.warn("first connection attempt failed ({}); reconnecting with backoff",
                                failure.getMessage());
                    }
                });
    }

    /** Who handles device messages; called on the MQTT client's network thread, so it must hand work off at once. */
    public void onDeviceMessage(Consumer<DeviceMessage> listener) {
        this.deviceListener = listener;
    }

    /**
     * The topic filters devices trigger this agent on; subscribes to new ones and unsubscribes from dropped ones
     * now (when connected) and subscribes to all of them again on every reconnect.
     */
    public void subscribeDevices(Set<String> filters) {
        apply(deviceTopics.setTriggers(filters));
    }

    /**
     * Calls {@code onMessage} on the network thread (so it must return at once) for every message on
     * {@code filter} (a device's heartbeat the watchdog watches), until the returned handle is closed. Such messages
     * reach the triggers only if a trigger filter matches them too.
     */
    public AutoCloseable watchTopic(String filter, Runnable onMessage) {
        apply(deviceTopics.watch(filter, onMessage));
        return () -> apply(deviceTopics.unwatch(filter, onMessage));
    }

    /**
     * The groups whose commands this agent takes (from its desired bundle): subscribes to the shared subscription of
     * each new one and unsubscribes from those it left, now when connected, and again on every reconnect. Sent
     * before the caller reports the bundle applied, so the broker has the unsubscribe before the console hears of it.
     */
    public synchronized void subscribeGroups(Set<String> wanted) {
        GroupSubscriptions.Change change = groups.set(wanted);
        if (!change.isEmpty() && isConnected()) {
            applyGroups(change);
        }
    }

    private void applyGroups(GroupSubscriptions.Change change) {
        for (String group : change.join()) {
            String filter = topics.sharedGroupCommands(group);
            client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send()
                    .whenComplete((subAck, failure) -> {
                        if (failure != null) {
                            LOG.error("cannot subscribe to the commands of group {} ({})", group, filter, failure);
                        } else {
                            LOG.info("taking commands for group {} on {}", group, filter);
                        }
                    });
        }
        for (String group : change.leave()) {
            client.unsubscribeWith().topicFilter(topics.sharedGroupCommands(group)).send()
                    .whenComplete((unsubAck, failure) -> {
                        if (failure != null) {
                            LOG.warn("cannot unsubscribe from the commands of group {} yet ({}); trying again after "
                                    + "the next reconnect", group, failure.getMessage());
                        } else {
                            LOG.info("no longer taking commands for group {}", group);
                            synchronized (this) {
                                groups.left(group);
                            }
                        }
                    });
        }
    }

    private synchronized void apply(DeviceSubscriptions.Change change) {
        if (!isConnected()) {
            return;
        }
        change.subscribe().forEach(this::subscribeDevice);
        change.unsubscribe().forEach(filter -> client.unsubscribeWith().topicFilter(filter).send()
                .whenComplete((ack, failure) -> {
                    if (failure != null) {
                        LOG.warn("cannot unsubscribe from {}: {}", filter, failure.getMessage());
                    }
                }));
    }

    private void subscribeDevice(String filter) {
        client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).noLocal(true).send()
                .whenComplete((subAck, failure) -> {
                    if (failure != null) {
                        LOG.error("cannot subscribe to device topic {}", filter, failure);
                    } else {
                        LOG.info("listening for device messages on {}", filter);
                    }
                });
    }

    /** Publishes a reply to a device, with the correlation data of its request when it sent one. */
    public CompletableFuture<?> publishReply(String topic, byte[] payload, byte[] correlationData) {
        if (!isConnected()) {
            return CompletableFuture.failedFuture(new IllegalStateException("the agent is not connected to its broker"));
        }
        var publish = client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).contentType("application/json")
                .payload(payload);
        if (correlationData != null) {
            publish.correlationData(correlationData);
        }
        return publish.send();
    }

    public boolean isConnected() {
        return client.getState().isConnected();
    }

    /** Publishes an outbox event at QoS 1: alerts on the agent's {@code alerts} topic, the rest on {@code events}. */
    public CompletableFuture<?> publishEvent(byte[] event) {
        String topic = EventKinds.isAlert(event) ? topics.alerts(agentId) : topics.events(agentId);
        return client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                .contentType("application/json").payload(event).send();
    }

    /** Publishes a task's message to any topic; completes when the broker accepted it (QoS 1/2) or it was sent. */
    public CompletableFuture<?> publishTo(String topic, byte[] payload, int qos, boolean retain) {
        if (!isConnected()) {
            return CompletableFuture.failedFuture(new IllegalStateException("the agent is not connected to its broker"));
        }
        return client.publishWith().topic(topic).qos(MqttQos.fromCode(qos)).retain(retain).payload(payload).send();
    }

    public CompletableFuture<?> publishMetrics(byte[] metrics) {
        if (!isConnected()) {
            return CompletableFuture.completedFuture(null);
        }
        return client.publishWith().topic(topics.metrics(agentId)).qos(MqttQos.AT_MOST_ONCE)
                .contentType("application/json").payload(metrics).send();
    }

    private void onConnected() {
        LOG.info("connected to {}:{}", settings.host(), settings.port());
        client.publishWith().topic(topics.state(agentId)).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .contentType("application/json").payload(onlineState.get()).send();
        for (String own : new String[] {topics.commands(agentId), topics.desired(agentId)}) {
            client.subscribeWith().topicFilter(own).qos(MqttQos.AT_LEAST_ONCE).send()
                    .whenComplete((subAck, failure) -> {
                        if (failure != null) {
                            LOG.error("cannot subscribe to {}", own, failure);
                        } else if (own.equals(topics.commands(agentId))) {
                            askForNextJob();
                        }
                    });
        }
        synchronized (this) {
            deviceTopics.all().forEach(this::subscribeDevice);
            applyGroups(groups.onConnect());
        }
        listener.connected();
    }

    /** {@code $next}: the console answers on the commands topic, which is subscribed by now. */
    private void askForNextJob() {
        client.publishWith().topic(topics.jobs(agentId)).qos(MqttQos.AT_LEAST_ONCE).contentType("application/json")
                .payload(nextJobRequest.get()).send().whenComplete((ack, failure) -> {
                    if (failure != null) {
                        LOG.warn("cannot ask the console for pending job executions: {}", failure.getMessage());
                    }
                });
    }

    private void onPublish(Mqtt5Publish publish) {
        String topic = publish.getTopic().toString();
        boolean desired = topic.equals(topics.desired(agentId));
        boolean command = topic.equals(topics.commands(agentId)) || topics.parseGroupCommands(topic).isPresent();
        if (!desired && !command) {
            onDevicePublish(topic, publish);
            return;
        }
        try {
            inbound.execute(desired ? () -> onDesired(publish) : () -> onCommand(publish));
        } catch (RejectedExecutionException e) {
            LOG.debug("the agent is stopping; command on {} left for redelivery", topic);
        }
    }

    private void onDesired(Mqtt5Publish publish) {
        try {
            if (publish.getPayloadAsBytes().length > 0) {
                listener.desiredReceived(publish.getPayloadAsBytes());
            }
        } catch (RuntimeException e) {
            LOG.error("applying the desired bundle failed; the agent keeps the one it has", e);
        } finally {
            publish.acknowledge();
        }
    }

    private void onCommand(Mqtt5Publish publish) {
        try {
            listener.commandReceived(publish.getPayloadAsBytes());
        } catch (RuntimeException e) {
            LOG.error("command handling failed; the agent keeps running", e);
        } finally {
            publish.acknowledge();
        }
    }

    private void onDevicePublish(String topic, Mqtt5Publish publish) {
        if (publish.isRetain()) {
            // a retained trigger would fire again at every (re)subscription: a device's press happens once
            LOG.warn("ignoring a retained message on device topic {}; triggers must not be retained", topic);
            publish.acknowledge();
            return;
        }
        byte[] correlation = publish.getCorrelationData().map(AgentConnection::bytes).orElse(null);
        if (!deviceTopics.deliver(topic, publish.getPayloadAsBytes(), correlation)) {
            publish.acknowledge();
            return;
        }
        try {
            deviceListener.accept(new DeviceMessage(topic, publish.getPayloadAsBytes(),
                    publish.getContentType().map(Object::toString).orElse(null),
                    publish.getResponseTopic().map(Object::toString).orElse(null),
                    correlation, publish::acknowledge));
        } catch (RuntimeException e) {
            LOG.error("handing over a device message on {} failed", topic, e);
            publish.acknowledge();
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    /** Publishes the retained offline state, then disconnects cleanly (a clean disconnect sends no will). */
    @Override
    public void close() {
        try {
            if (isConnected()) {
                client.publishWith().topic(topics.state(agentId)).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                        .contentType("application/json").payload(offlineState).send()
                        .get(2, TimeUnit.SECONDS);
            }
            client.disconnect().get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("disconnect did not complete cleanly: {}", e.toString());
        } finally {
            inbound.shutdown();
            try {
                inbound.awaitTermination(Duration.ofSeconds(2).toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
