package io.taskrunner.protocol;

import java.util.Objects;
import java.util.Optional;

/**
 * The only place that builds and parses topic strings of the wire contract.
 *
 * <p>Ids and task names become single topic levels, so anything that could widen a subscription or address
 * another agent ({@code /}, {@code +}, {@code #}, control characters) is rejected, as are {@code .} and {@code *},
 * which the embedded broker uses as its own level separator and wildcard, {@code :} (its {@code address::queue}
 * separator) and the word {@code null} (its authorization cache key for clients without a user name).
 */
public final class Topics {
    public static final String DEFAULT_PREFIX = "taskrunner";
    public static final String VERSION = "v1";
    /** A command's {@code target} for "any one agent of the group": {@code group:} and the group name. */
    public static final String GROUP_TARGET_PREFIX = "group:";

    private final String prefix;

    public Topics(String prefix) {
        this.prefix = checkPrefix(prefix);
    }

    public static Topics withDefaultPrefix() {
        return new Topics(DEFAULT_PREFIX);
    }

    public String prefix() {
        return prefix;
    }

    public String state(String agentId) {
        return agent(agentId, AgentChannel.STATE);
    }

    public String metrics(String agentId) {
        return agent(agentId, AgentChannel.METRICS);
    }

    public String desired(String agentId) {
        return agent(agentId, AgentChannel.DESIRED);
    }

    public String commands(String agentId) {
        return agent(agentId, AgentChannel.COMMANDS);
    }

    public String events(String agentId) {
        return agent(agentId, AgentChannel.EVENTS);
    }

    public String alerts(String agentId) {
        return agent(agentId, AgentChannel.ALERTS);
    }

    /** Where an agent asks the console about its job executions ({@code jobs.next}). */
    public String jobs(String agentId) {
        return agent(agentId, AgentChannel.JOBS);
    }

    public String trigger(String agentId, String taskName) {
        return agent(agentId, AgentChannel.TRIGGER) + "/" + checkLevel(taskName, "taskName");
    }

    /**
     * Where devices with an explicit ad-hoc grant send a program and its arguments for this agent to run (only if
     * the agent allows it too).
     */
    public String adhoc(String agentId) {
        return agent(agentId, AgentChannel.ADHOC);
    }

    /** Subscription filter for one channel of every agent, e.g. {@code taskrunner/v1/agents/+/events}. */
    public String allAgents(AgentChannel channel) {
        return base() + "/agents/+/" + channel.level();
    }

    /** Filter for every trigger of one agent. */
    public String allTriggers(String agentId) {
        return agent(agentId, AgentChannel.TRIGGER) + "/+";
    }

    public String groupCommands(String group) {
        return base() + "/groups/" + checkLevel(group, "group") + "/commands";
    }

    /**
     * The MQTT 5 shared subscription of a group's commands: the share is named after the group, so all its members
     * read one queue and the broker hands each command to one of them.
     */
    public String sharedGroupCommands(String group) {
        return "$share/" + checkLevel(group, "group") + "/" + groupCommands(group);
    }

    /** The group whose commands topic this is; empty for any other topic. */
    public Optional<String> parseGroupCommands(String topic) {
        Objects.requireNonNull(topic, "topic");
        String head = base() + "/groups/";
        String tail = "/commands";
        if (!topic.startsWith(head) || !topic.endsWith(tail) || topic.length() <= head.length() + tail.length()) {
            return Optional.empty();
        }
        String group = topic.substring(head.length(), topic.length() - tail.length());
        return isValidLevel(group) ? Optional.of(group) : Optional.empty();
    }

    /** The {@code target} of a command for any one agent of {@code group}, e.g. {@code group:line1}. */
    public static String groupTarget(String group) {
        return GROUP_TARGET_PREFIX + checkLevel(group, "group");
    }

    /** The group a {@code group:<name>} target names; empty for an agent id (or anything else). */
    public static Optional<String> groupOfTarget(String target) {
        if (target == null || !target.startsWith(GROUP_TARGET_PREFIX)) {
            return Optional.empty();
        }
        String group = target.substring(GROUP_TARGET_PREFIX.length());
        return isValidLevel(group) ? Optional.of(group) : Optional.empty();
    }

    /**
     * Checks a command's target: an agent id (one topic level) or {@code group:<name>}; throws
     * {@link IllegalArgumentException} naming {@code field} otherwise.
     */
    public static String checkTarget(String target, String field) {
        if (target != null && target.startsWith(GROUP_TARGET_PREFIX)) {
            checkLevel(target.substring(GROUP_TARGET_PREFIX.length()), field + " group");
            return target;
        }
        return checkLevel(target, field);
    }

    /** Parses a per-agent topic; empty when the topic is not one of ours. */
    public Optional<AgentTopic> parse(String topic) {
        Objects.requireNonNull(topic, "topic");
        String head = base() + "/agents/";
        if (!topic.startsWith(head)) {
            return Optional.empty();
        }
        String[] levels = topic.substring(head.length()).split("/", -1);
        if (levels.length < 2 || !isValidLevel(levels[0])) {
            return Optional.empty();
        }
        Optional<AgentChannel> channel = AgentChannel.fromLevel(levels[1]);
        if (channel.isEmpty()) {
            return Optional.empty();
        }
        if (channel.get() == AgentChannel.TRIGGER) {
            return levels.length == 3 && isValidLevel(levels[2])
                    ? Optional.of(new AgentTopic(levels[0], channel.get(), levels[2]))
                    : Optional.empty();
        }
        return levels.length == 2 ? Optional.of(new AgentTopic(levels[0], channel.get(), null)) : Optional.empty();
    }

    /** Throws {@link IllegalArgumentException} naming {@code field} when the value cannot be one topic level. */
    public static String checkLevel(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        if (value.equals("null")) {
            throw new IllegalArgumentException(field + " must not be the reserved word 'null'");
        }
        if (value.length() > 128) {
            throw new IllegalArgumentException(field + " is longer than 128 characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean pairedHigh = Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            boolean pairedLow = Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
            if (Character.isSurrogate(c) && !pairedHigh && !pairedLow) {
                throw new IllegalArgumentException(field + " contains an unpaired UTF-16 surrogate at position " + i);
            }
            if (c == '/' || c == '+' || c == '#' || c == '.' || c == '*' || c == '$' || c == ':' || Character.isISOControl(c)
                    || Character.isWhitespace(c)) {
                throw new IllegalArgumentException(field + " contains a character not allowed in an id: '"
                        + printable(c) + "' at position " + i);
            }
        }
        return value;
    }

    public static boolean isValidLevel(String value) {
        try {
            checkLevel(value, "id");
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private String agent(String agentId, AgentChannel channel) {
        return base() + "/agents/" + checkLevel(agentId, "agentId") + "/" + channel.level();
    }

    private String base() {
        return prefix + "/" + VERSION;
    }

    private static String checkPrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            throw new IllegalArgumentException("topic prefix must not be empty");
        }
        for (String level : prefix.split("/", -1)) {
            checkLevel(level, "topic prefix");
        }
        return prefix;
    }

    private static String printable(char c) {
        return Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }

    /** The per-agent channels of the wire contract, by topic level. */
    public enum AgentChannel {
        STATE("state"), METRICS("metrics"), DESIRED("desired"), COMMANDS("commands"), EVENTS("events"),
        ALERTS("alerts"), TRIGGER("trigger"), ADHOC("adhoc"), JOBS("jobs");

        private final String level;

        AgentChannel(String level) {
            this.level = level;
        }

        public String level() {
            return level;
        }

        static Optional<AgentChannel> fromLevel(String level) {
            for (AgentChannel channel : values()) {
                if (channel.level.equals(level)) {
                    return Optional.of(channel);
                }
            }
            return Optional.empty();
        }
    }

    /** A parsed per-agent topic; {@code taskName} is set for trigger topics only. */
    public record AgentTopic(String agentId, AgentChannel channel, String taskName) {
    }
}
