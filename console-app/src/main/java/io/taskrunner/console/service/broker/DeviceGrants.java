package io.taskrunner.console.service.broker;

import java.util.List;
import java.util.Objects;

/**
 * What one enabled device credential may publish to: MQTT topic filters, checked against
 * {@link DeviceTopics#problemWithPublishGrant} when they were granted.
 */
public record DeviceGrants(String deviceName, List<TopicFilter> publish) {
    public DeviceGrants {
        Objects.requireNonNull(deviceName, "deviceName");
        publish = List.copyOf(publish);
    }
}
