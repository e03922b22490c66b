package io.taskrunner.console.service.broker.export;

import java.util.ArrayList;
import java.util.List;

import io.taskrunner.console.service.broker.ClientIdentity;
import io.taskrunner.console.service.broker.DeviceTopics;
import io.taskrunner.console.service.broker.TopicFilter;
import io.taskrunner.protocol.Topics;

/**
 * The {@code acl_file}s of Mosquitto 2.0 that hold the embedded broker's rules, one per listener (with
 * {@code per_listener_settings true}): certificates (console and agents) and devices. How Mosquitto reads them
 * decides their shape:
 * <ul>
 * <li>it checks every message when a client publishes it ({@code write}) and again when it would deliver it to a
 * subscriber ({@code read}), against the concrete topic; it accepts every SUBSCRIBE. So a subscription to
 * {@code #} succeeds but delivers only what the client may read, which is the embedded broker's rule in effect;</li>
 * <li>it looks at the client's {@code user} lines first, then at the {@code pattern} lines, and in each list at
 * every {@code deny} line before any other. An agent may use anything outside {@code taskrunner/v1/}, which needs
 * {@code pattern deny taskrunner/v1/#} before {@code pattern readwrite #}; that deny would beat a
 * {@code %u} pattern for the agent's own tree, so each agent gets explicit {@code user} lines (which its groups
 * need anyway). An agent enrolled after the export reaches nothing under {@code taskrunner/v1/} until the next
 * export;</li>
 * <li>a shared subscription is checked on the topic it delivers, so group members read their group's commands
 * topic; Mosquitto cannot refuse a member a plain subscription to it.</li>
 * </ul>
 */
final class MosquittoAclFiles {
    /** Below a grant ending in {@code #}, replies ({@code .../reply}) are readable this many levels deep. */
    static final int REPLY_DEPTH = 8;

    private final String base;
    private final DeviceTopics deviceTopics;

    MosquittoAclFiles(String prefix) {
        this.base = BrokerRules.base(prefix);
        this.deviceTopics = new DeviceTopics(prefix);
    }

    /** The rules of the listener that requires a client certificate and takes its CN as user name. */
    String certified(BrokerRules rules) {
        List<String> lines = new ArrayList<>(List.of(
                "# TaskRunner broker rules for Mosquitto 2.0: the listener for clients with a certificate.",
                "# Made by 'taskrunner-console export-broker'; export again after enrolling agents or changing their "
                        + "groups.",
                "",
                "# The console: everything.",
                "user " + ClientIdentity.CONSOLE,
                "topic readwrite #",
                "topic read $SYS/#"));
        for (AgentAccess agent : rules.agents()) {
            lines.add("");
            lines.add("# Agent " + agent.agentId() + ": its own tree, other agents' triggers, the devices' inboxes"
                    + (agent.groups().isEmpty() ? "." : ", the commands of its groups."));
            lines.add("user " + agent.agentId());
            lines.add("topic readwrite " + base + "/agents/" + agent.agentId() + "/#");
            lines.add("topic write " + base + "/agents/+/" + Topics.AgentChannel.TRIGGER.level() + "/#");
            lines.add("topic write " + base + "/devices/#");
            for (String group : agent.groups()) {
                lines.add("topic read " + base + "/groups/" + group + "/commands");
            }
        }
        lines.add("");
        lines.add("# Every certificate: nothing else under " + base + "/, anything outside it. Mosquitto warns that "
                + "these patterns hold no %u or %c.");
        lines.add("pattern deny " + base + "/#");
        lines.add("pattern readwrite #");
        return String.join("\n", lines) + "\n";
    }

    /** The rules of the listener where devices log in with a user name and password. */
    String devices(BrokerRules rules) {
        List<String> lines = new ArrayList<>(List.of(
                "# TaskRunner broker rules for Mosquitto 2.0: the listener for devices (user name and password).",
                "# Made by 'taskrunner-console export-broker'; export again after changing device credentials."));
        for (DeviceAccess device : rules.devices()) {
            if (device.mosquittoHash().isEmpty()) {
                continue; // no password line either: it cannot log in
            }
            lines.add("");
            lines.add("# Device " + device.name() + ": its grants and their replies.");
            lines.add("user " + device.name());
            for (TopicFilter granted : device.publishFilters()) {
                lines.add("topic write " + granted);
                for (TopicFilter reply : replies(granted)) {
                    lines.add("topic read " + reply);
                }
            }
            for (String agentId : device.adhocAgents()) {
                TopicFilter adhoc = deviceTopics.adhoc(agentId);
                lines.add("topic write " + adhoc);
                lines.add("topic read " + adhoc.append(DeviceTopics.REPLY_LEVEL));
            }
        }
        lines.add("");
        lines.add("# Every device: its reply inbox.");
        lines.add("pattern read " + base + "/devices/%u/#");
        return String.join("\n", lines) + "\n";
    }

    /** Where replies to publishes under {@code granted} arrive: {@code t/reply} for each topic {@code t} it covers. */
    List<TopicFilter> replies(TopicFilter granted) {
        List<String> replied = new ArrayList<>();
        if (!granted.endsWithAnyLevels()) {
            replied.add(granted.toString());
        } else {
            // a/# covers a itself, a/x, a/x/y, ...
            String prefix = granted.parent().orElseThrow(() -> new IllegalArgumentException(
                    "a grant of '#' alone cannot have been accepted")).toString();
            for (int depth = 0; depth <= REPLY_DEPTH; depth++) {
                replied.add(prefix);
                prefix = prefix + "/" + TopicFilter.SINGLE;
            }
        }
        List<TopicFilter> replies = new ArrayList<>();
        for (String topic : replied) {
            TopicFilter reply = TopicFilter.parseMqtt(topic + "/" + DeviceTopics.REPLY_LEVEL, "reply");
            if (!deviceTopics.touchesControlTopics(reply)) {
                replies.add(reply);
            }
        }
        return replies;
    }
}
