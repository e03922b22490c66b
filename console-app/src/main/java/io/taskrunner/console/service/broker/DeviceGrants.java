package io.taskrunner.console.service.broker;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one enabled device credential may publish to: MQTT topic filters, checked against
 * {@link DeviceTopics#problemWithPublishGrant} when they were granted, and the agents it may send ad-hoc programs to
 * (their {@code adhoc} topic, an explicit grant that no topic filter can give).
 */
public record DeviceGrants(String deviceName, List<TopicFilter> publish, Set<String> adhocAgents) {
    public DeviceGrants {
        Objects.requireNonNull(deviceName, "deviceName");
        publish = List.copyOf(publish);
        adhocAgents = Set.copyOf(adhocAgents);
    }

    public DeviceGrants(String deviceName, List<TopicFilter> publish) {
        this(deviceName, publish, Set.of());
    }
}
