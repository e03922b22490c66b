package io.taskrunner.console.service.desired;

import io.taskrunner.protocol.Topics;
import java.util.Locale;
import java.util.Objects;

/**
 * Who a definition is for: every agent, one agent by id, or the agents of a group or with a tag.
 *
 * @param value the agent id, group or tag; {@code *} for {@link Type#ALL}
 */
public record Target(Type type, String value) {
    public static final Target ALL = new Target(Type.ALL, "*");

    public enum Type {
        ALL, AGENT, GROUP, TAG;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Type fromWire(String wire) {
            return valueOf(wire.toUpperCase(Locale.ROOT));
        }
    }

    public Target {
        Objects.requireNonNull(type, "type");
        if (type == Type.ALL) {
            value = "*";
        } else {
            Topics.checkLevel(value, type.wire());
        }
    }

    public static Target agent(String agentId) {
        return new Target(Type.AGENT, agentId);
    }

    public static Target group(String group) {
        return new Target(Type.GROUP, group);
    }

    public static Target tag(String tag) {
        return new Target(Type.TAG, tag);
    }

    /** Whether an agent with this id, groups and tags is one this target means. */
    public boolean matches(AgentLabels agent) {
        return switch (type) {
            case ALL -> true;
            case AGENT -> agent.agentId().equals(value);
            case GROUP -> agent.groups().contains(value);
            case TAG -> agent.tags().contains(value);
        };
    }
}
