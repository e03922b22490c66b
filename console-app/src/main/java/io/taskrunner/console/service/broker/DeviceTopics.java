package io.taskrunner.console.service.broker;

import java.util.ArrayList;
import java.util.List;

import io.taskrunner.protocol.Topics;

/**
 * The parts of the wire contract that bound what a device may be granted: agents' control topics (everything but
 * {@code trigger}, and everything below them), group commands, and the devices' reply inboxes
 * ({@code taskrunner/v1/devices/{deviceName}/#}), where agents answer MQTT 5 devices.
 */
public final class DeviceTopics {
    /** MQTT 3.1.1 devices get the reply to a publish on {@code t} on {@code t/reply}. */
    public static final String REPLY_LEVEL = "reply";

    private final String base;
    private final List<TopicFilter> controlTopics;
    private final TopicFilter allInboxes;

    public DeviceTopics(String prefix) {
        this.base = new Topics(prefix).prefix() + "/" + Topics.VERSION;
        List<TopicFilter> control = new ArrayList<>();
        for (Topics.AgentChannel channel : Topics.AgentChannel.values()) {
            if (channel != Topics.AgentChannel.TRIGGER) {
                control.add(TopicFilter.parseMqtt(base + "/agents/+/" + channel.level() + "/#", "control topic"));
            }
        }
        control.add(TopicFilter.parseMqtt(base + "/groups/+/commands/#", "control topic"));
        this.controlTopics = List.copyOf(control);
        this.allInboxes = TopicFilter.parseMqtt(base + "/devices/#", "device inboxes");
    }

    public static DeviceTopics withDefaultPrefix() {
        return new DeviceTopics(Topics.DEFAULT_PREFIX);
    }

    /** The reply inbox of one device, e.g. {@code taskrunner/v1/devices/line1-button/#}. */
    public TopicFilter inbox(String deviceName) {
        return TopicFilter.parseMqtt(base + "/devices/" + Topics.checkLevel(deviceName, "deviceName") + "/#",
                "inbox");
    }

    /** The topic a device with an ad-hoc grant for {@code agentId} publishes programs to. */
    public TopicFilter adhoc(String agentId) {
        return TopicFilter.parseMqtt(base + "/agents/" + Topics.checkLevel(agentId, "agentId") + "/"
                + Topics.AgentChannel.ADHOC.level(), "adhoc");
    }

    /** True when some topic matched by {@code filter} is an agent's control topic or a group's commands. */
    public boolean touchesControlTopics(TopicFilter filter) {
        for (TopicFilter control : controlTopics) {
            if (control.intersects(filter)) {
                return true;
            }
        }
        return false;
    }

    /** True when some topic matched by {@code filter} lies in a device's reply inbox. */
    public boolean touchesInboxes(TopicFilter filter) {
        return allInboxes.intersects(filter);
    }

    /**
     * Why a device may not be granted publishing to {@code filter}, or null when it may. The text completes a
     * sentence that starts with the field's name.
     */
    public String problemWithPublishGrant(TopicFilter filter) {
        if (filter.first().text().startsWith("$")) {
            return "must not be a '$' system topic";
        }
        if (touchesControlTopics(filter)) {
            return "must not reach an agent's control topics (" + base + "/agents/{agentId}/commands, desired, "
                    + "events, state, metrics, alerts) or group commands; grant " + base
                    + "/agents/{agentId}/trigger/{task} instead";
        }
        if (touchesInboxes(filter)) {
            return "must not reach the devices' reply inboxes (" + base + "/devices/#)";
        }
        return null;
    }
}
