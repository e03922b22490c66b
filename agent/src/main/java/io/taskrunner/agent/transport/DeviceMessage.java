package io.taskrunner.agent.transport;

import java.util.Objects;

/**
 * A message a device published on a trigger topic. {@code responseTopic} and {@code correlationData} are MQTT 5
 * properties (null from MQTT 3.1.1 devices); {@code acknowledge} tells the broker the message was handled, so call
 * it once, after handling.
 */
public record DeviceMessage(
        String topic,
        byte[] payload,
        String contentType,
        String responseTopic,
        byte[] correlationData,
        Runnable acknowledge) {

    public DeviceMessage {
        Objects.requireNonNull(topic, "topic");
        payload = payload == null ? new byte[0] : payload;
        acknowledge = acknowledge == null ? () -> { } : acknowledge;
    }
}
