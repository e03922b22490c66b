package io.taskrunner.console.service.devices;

import io.taskrunner.protocol.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.taskrunner.console.service.broker.ClientIdentity;
import io.taskrunner.console.service.broker.DeviceTopics;
import io.taskrunner.console.service.broker.TopicFilter;

/**
 * A device's login to the embedded broker (MQTT 3.1.1 or 5 over TLS, user name and password, no client
 * certificate) and what it may publish to. Its password is not part of it: the console keeps only a slow salted
 * hash. Checked on construction; {@link IllegalArgumentException} messages start with the field's name.
 *
 * @param name           the MQTT user name: rules of a certificate identity ({@link ClientIdentity}), not
 *                       {@value ClientIdentity#CONSOLE}; the service also keeps it apart from agent ids
 * @param description    free text for the operator, empty when none
 * @param publishFilters MQTT topic filters the device may publish to, at most {@value #MAX_FILTERS} of at most
 *                       {@value #MAX_FILTER_LENGTH} characters, no {@code $} topics, nothing that reaches an
 *                       agent's control topics ({@link DeviceTopics#problemWithPublishGrant}); e.g.
 *                       {@code taskrunner/v1/agents/pc-7/trigger/+} or {@code factory/line1/+/button}. The device
 *                       may subscribe to {@code <filter>/reply} and to {@code taskrunner/v1/devices/<name>/#}
 * @param adhocAgents    agents the device may send programs to run over MQTT ({@code taskrunner/v1/agents/<id>/adhoc},
 *                       replies on its {@code /reply}); at most {@value #MAX_FILTERS}; empty for none (the usual
 *                       case). The agent must allow it too ({@code mqttAdhoc} in its settings)
 * @param lastUsedAt     the last successful login (to the minute), null when never used
 */
public record DeviceCredential(String name, String description, List<String> publishFilters,
        List<String> adhocAgents, boolean enabled, Instant createdAt, Instant lastUsedAt) {

    public static final int MAX_FILTERS = 64;
    public static final int MAX_FILTER_LENGTH = 256;
    public static final int MAX_DESCRIPTION_LENGTH = 1024;

    private static final DeviceTopics TOPICS = DeviceTopics.withDefaultPrefix();

    public DeviceCredential {
        checkName(name);
        description = description == null ? "" : description.strip();
        if (description.length() > MAX_DESCRIPTION_LENGTH) {
            throw new IllegalArgumentException("description: must be at most " + MAX_DESCRIPTION_LENGTH
                    + " characters, was " + description.length());
        }
        publishFilters = checkFilters(publishFilters);
        adhocAgents = checkAdhocAgents(adhocAgents);
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public DeviceCredential(String name, String description, List<String> publishFilters, boolean enabled,
            Instant createdAt, Instant lastUsedAt) {
        this(name, description, publishFilters, List.of(), enabled, createdAt, lastUsedAt);
    }

    /** Throws {@link IllegalArgumentException} starting with "name:" when {@code name} cannot name a device. */
    public static String checkName(String name) {
        String problem = ClientIdentity.problemWith(name);
        if (problem != null) {
            throw new IllegalArgumentException("name: " + problem);
        }
        if (ClientIdentity.CONSOLE.equals(name)) {
            throw new IllegalArgumentException("name: '" + name + "' is reserved for the console itself");
        }
        return name;
    }

    /** The same credential, used at {@code at}. */
    public DeviceCredential usedAt(Instant at) {
        return new DeviceCredential(name, description, publishFilters, adhocAgents, enabled, createdAt, at);
    }

    /** The filters as the broker matches them; valid by construction. */
    List<TopicFilter> parsedFilters() {
        return publishFilters.stream().map(filter -> TopicFilter.parseMqtt(filter, "publishFilters")).toList();
    }

    /** The list checked as {@code adhocAgents}: valid agent ids, no repeats; null is empty. */
    public static List<String> checkAdhocAgents(List<String> agents) {
        if (agents == null) {
            return List.of();
        }
        if (agents.size() > MAX_FILTERS) {
            throw new IllegalArgumentException("adhocAgents: at most " + MAX_FILTERS + " agents, was " + agents.size());
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < agents.size(); i++) {
            String field = "adhocAgents[" + i + "]";
            try {
                Topics.checkLevel(agents.get(i), field);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(field + ": " + e.getMessage().substring(field.length()).strip());
            }
            if (!seen.add(agents.get(i))) {
                throw new IllegalArgumentException(field + ": '" + agents.get(i) + "' is listed twice");
            }
        }
        return List.copyOf(agents);
    }

    private static List<String> checkFilters(List<String> filters) {
        if (filters == null) {
            throw new IllegalArgumentException("publishFilters: must not be missing; use an empty list for none");
        }
        if (filters.size() > MAX_FILTERS) {
            throw new IllegalArgumentException("publishFilters: at most " + MAX_FILTERS + " filters, was "
                    + filters.size());
        }
        List<String> checked = new ArrayList<>(filters.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < filters.size(); i++) {
            String field = "publishFilters[" + i + "]";
            String filter = filters.get(i);
            if (filter != null && filter.length() > MAX_FILTER_LENGTH) {
                throw new IllegalArgumentException(field + ": must be at most " + MAX_FILTER_LENGTH
                        + " characters, was " + filter.length());
            }
            String problem = TOPICS.problemWithPublishGrant(TopicFilter.parseMqtt(filter, field));
            if (problem != null) {
                throw new IllegalArgumentException(field + ": '" + filter + "' " + problem);
            }
            if (!seen.add(filter)) {
                throw new IllegalArgumentException(field + ": '" + filter + "' is listed twice");
            }
            checked.add(filter);
        }
        return List.copyOf(checked);
    }
}
