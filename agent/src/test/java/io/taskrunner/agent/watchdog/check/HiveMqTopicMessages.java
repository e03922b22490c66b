package io.taskrunner.agent.watchdog.check;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** {@link TopicMessages} as the agent's connection gives it, here from a client of its own on a real broker. */
final class HiveMqTopicMessages implements TopicMessages, AutoCloseable {
    private final Mqtt5AsyncClient client;

    HiveMqTopicMessages(String host, int port) throws Exception {
        client = MqttClient.builder().useMqttVersion5().identifier("watchdog-it-" + UUID.randomUUID())
                .serverHost(host).serverPort(port).buildAsync();
        client.connect().get(10, TimeUnit.SECONDS);
    }

    @Override
    public AutoCloseable listen(String filter, Runnable onMessage) {
        try {
            client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE)
                    .callback(publish -> onMessage.run()).send().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot subscribe to " + filter, e);
        }
        return () -> client.unsubscribeWith().topicFilter(filter).send().get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        client.disconnect().get(10, TimeUnit.SECONDS);
    }
}
