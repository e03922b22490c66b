package io.taskrunner.agent.task.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import io.taskrunner.agent.task.MqttPublisher;
import io.taskrunner.agent.task.TaskException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The agent's publisher as tests need it: a HiveMQ MQTT 5 blocking client on the local broker, recording topics. */
final class HiveMqTestPublisher implements MqttPublisher, AutoCloseable {
    private final Mqtt5BlockingClient client;
    private final List<String> topics = new CopyOnWriteArrayList<>();

    HiveMqTestPublisher(String host, int port) {
        client = MqttClient.builder().useMqttVersion5().identifier("it-publisher-" + UUID.randomUUID())
                .serverHost(host).serverPort(port).buildBlocking();
        client.connect();
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retain, Duration timeout) {
        topics.add(topic);
        try {
            Mqtt5PublishResult result = client.toAsync().publishWith().topic(topic).payload(payload)
                    .qos(MqttQos.fromCode(qos)).retain(retain).send()
                    .get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (result.getError().isPresent()) {
                throw new TaskException("the broker refused the message on " + topic, result.getError().get());
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new TaskException("cannot publish on " + topic + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskException("interrupted while publishing on " + topic, e);
        }
    }

    List<String> topics() {
        return List.copyOf(topics);
    }

    @Override
    public void close() {
        client.disconnect();
    }
}
