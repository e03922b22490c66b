package io.taskrunner.agent.task;

import java.time.Duration;

/** Publishes through the agent's own broker connection. */
public interface MqttPublisher {

    /**
     * Publishes and waits until the broker accepted the message (QoS 1/2) or it was handed to the network (QoS 0).
     *
     * @throws TaskException if the agent is not connected, the broker refuses the message, or {@code timeout} passes
     */
    void publish(String topic, byte[] payload, int qos, boolean retain, Duration timeout);
}
