package io.taskrunner.console.service.broker.export;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.taskrunner.console.service.broker.ClientIdentity;
import io.taskrunner.console.service.broker.TopicFilter;

/**
 * One enabled device credential as the exported rules see it.
 *
 * @param publishFilters what it may publish to, as the console checked them when they were granted
 * @param adhocAgents    the agents it may send ad-hoc programs to
 * @param mosquittoHash  its password in Mosquitto's {@code $7$} form; empty when the password was set before the
 *                       console kept that form
 */
public record DeviceAccess(String name, List<TopicFilter> publishFilters, List<String> adhocAgents,
        Optional<String> mosquittoHash) {
    public DeviceAccess {
        String problem = ClientIdentity.problemWith(name);
        if (problem != null) {
            throw new IllegalArgumentException("name " + problem);
        }
        publishFilters = List.copyOf(publishFilters);
        adhocAgents = List.copyOf(adhocAgents);
        Objects.requireNonNull(mosquittoHash, "mosquittoHash");
    }
}
