package io.taskrunner.console.service.broker.export;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.taskrunner.console.service.broker.ClientIdentity;
import io.taskrunner.console.service.broker.DeviceTopics;
import io.taskrunner.console.service.broker.TopicFilter;
import io.taskrunner.protocol.Topics;

/**
 * The embedded broker's rules as an EMQX 5 {@code acl.conf} (file authorization; the first matching rule decides).
 * User names are certificate CNs ({@code peer_cert_as_username = cn}) and device credential names, which the console
 * keeps apart. EMQX checks a subscription once, on the filter's text, and never the messages it then delivers, and
 * it reads a {@code +} or {@code #} in a subscription as a plain word when matching rules: so a filter with
 * wildcards in its first two levels is refused to agents only in the shapes listed here (see
 * docs/external-broker.md), and a group member may also subscribe to its group's commands without {@code $share}.
 */
final class EmqxAclFile {
    private final String base;
    private final DeviceTopics deviceTopics;
    private final MosquittoAclFiles replies;

    EmqxAclFile(String prefix) {
        this.base = BrokerRules.base(prefix);
        this.deviceTopics = new DeviceTopics(prefix);
        this.replies = new MosquittoAclFiles(prefix);
    }

    String text(BrokerRules rules) {
        List<String> lines = new ArrayList<>(List.of(
                "%% TaskRunner broker rules for EMQX 5 (authorization source type = file).",
                "%% Made by 'taskrunner-console export-broker'; export again after enrolling agents or changing groups"
                        + " or device credentials.",
                "",
                "%% The console: everything.",
                rule("allow", ClientIdentity.CONSOLE, "all", List.of("#", "$SYS/#"))));
        for (AgentAccess agent : rules.agents()) {
            String id = agent.agentId();
            lines.add("");
            lines.add("%% Agent " + id);
            lines.add(rule("allow", id, "all", List.of(base + "/agents/" + id + "/#")));
            lines.add(rule("allow", id, "publish", List.of(base + "/agents/+/" + Topics.AgentChannel.TRIGGER.level()
                    + "/#", base + "/devices/#")));
            if (!agent.groups().isEmpty()) {
                lines.add(rule("allow", id, "subscribe", agent.groups().stream()
                        .map(group -> "$share/" + group + "/" + base + "/groups/" + group + "/commands").toList()));
            }
        }
        for (DeviceAccess device : rules.devices()) {
            lines.add("");
            lines.add("%% Device " + device.name());
            List<String> publish = new ArrayList<>(device.publishFilters().stream().map(Object::toString).toList());
            List<String> subscribe = new ArrayList<>();
            for (TopicFilter granted : device.publishFilters()) {
                replies.replies(granted).forEach(reply -> subscribe.add(reply.toString()));
            }
            for (String agentId : device.adhocAgents()) {
                publish.add(deviceTopics.adhoc(agentId).toString());
                subscribe.add(deviceTopics.adhoc(agentId).append(DeviceTopics.REPLY_LEVEL).toString());
            }
            subscribe.add(deviceTopics.inbox(device.name()).toString());
            if (!publish.isEmpty()) {
                lines.add(rule("allow", device.name(), "publish", publish));
            }
            lines.add(rule("allow", device.name(), "subscribe", subscribe));
        }
        if (!rules.agents().isEmpty()) {
            String agents = "{'or', [" + rules.agents().stream().map(agent -> who(agent.agentId()))
                    .collect(Collectors.joining(", ")) + "]}";
            lines.add("");
            lines.add("%% Agents: nothing else under " + base + "/; anything outside it, by filters that do not reach"
                    + " into it.");
            lines.add("{deny, " + agents + ", subscribe, [{eq, \"#\"}, {eq, \"+/#\"}, {eq, \"+/+/#\"}, "
                    + quoted("+/" + Topics.VERSION + "/#") + ", " + quoted(rules.prefix() + "/+/#") + "]}.");
            lines.add("{deny, " + agents + ", all, [" + quoted(base + "/#") + "]}.");
            lines.add("{allow, " + agents + ", all, [\"#\"]}.");
        }
        lines.add("");
        lines.add("%% Anyone else, and anything else: nothing.");
        lines.add("{deny, all}.");
        return String.join("\n", lines) + "\n";
    }

    private static String rule(String permission, String user, String action, List<String> topics) {
        return "{" + permission + ", " + who(user) + ", " + action + ", ["
                + topics.stream().map(EmqxAclFile::quoted).collect(Collectors.joining(", ")) + "]}.";
    }

    private static String who(String user) {
        return "{username, " + quoted(user) + "}";
    }

    /** An Erlang string. */
    static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
