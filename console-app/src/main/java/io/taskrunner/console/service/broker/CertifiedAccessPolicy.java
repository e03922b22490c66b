package io.taskrunner.console.service.broker;

import io.taskrunner.protocol.Topics;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What clients with a certificate may do on the embedded broker. The console may do everything. An agent may:
 * <ul>
 * <li>publish and subscribe under its own tree {@code taskrunner/v1/agents/{its id}/#} (state, events, commands,
 * desired, triggers, ...), including the retained copies the broker keeps of its retained messages;</li>
 * <li>publish to another agent's trigger topics (a task on one PC may start a task on another, as a device
 * could) and to the devices' reply inboxes {@code taskrunner/v1/devices/#};</li>
 * <li>publish and subscribe anywhere outside {@code taskrunner/v1/} (its trigger rules' device topics, replies, MQTT
 * publish tasks), with filters that reach nothing inside it: a subscription to {@code #} is refused;</li>
 * <li>take the commands of its groups ({@link AgentGroupDirectory}) through their shared subscription
 * {@code $share/{group}/taskrunner/v1/groups/{group}/commands} only (Artemis: the queue
 * {@code {group}.taskrunner.v1.groups.{group}.commands}), and never publish there;</li>
 * <li>nothing else: no other agent's commands, events or desired bundle, no other group's commands, no plain
 * subscription to a group topic (it would get every command of the group), no {@code $} topics.</li>
 * </ul>
 * Fast and free of I/O: it runs for every publish and subscription.
 */
final class CertifiedAccessPolicy implements AccessPolicy {
    /** Artemis keeps an MQTT retained message in a queue under this address prefix plus the topic's address. */
    private static final String RETAIN_PREFIX = "$sys.mqtt.retain.";

    private final String base;
    private final List<String> baseLevels;
    private final AgentGroupDirectory groups;
    private final TopicFilter ownTree;
    private final TopicFilter anyTrigger;
    private final TopicFilter inboxes;
    /** Each agent's own tree, parsed once: this runs for every publish. */
    private final Map<String, TopicFilter> ownTrees = new ConcurrentHashMap<>();

    CertifiedAccessPolicy(String prefix) {
        this(prefix, AgentGroupDirectory.none());
    }

    CertifiedAccessPolicy(String prefix, AgentGroupDirectory groups) {
        this.base = new Topics(prefix).prefix() + "/" + Topics.VERSION;
        this.baseLevels = List.of(base.split("/"));
        this.groups = Objects.requireNonNull(groups, "groups");
        this.ownTree = TopicFilter.parseMqtt(base + "/#", "base");
        this.anyTrigger = TopicFilter.parseMqtt(base + "/agents/+/" + Topics.AgentChannel.TRIGGER.level() + "/#",
                "triggers");
        this.inboxes = TopicFilter.parseMqtt(base + "/devices/#", "inboxes");
    }

    static CertifiedAccessPolicy withDefaultPrefix() {
        return new CertifiedAccessPolicy(Topics.DEFAULT_PREFIX);
    }

    static CertifiedAccessPolicy withDefaultPrefix(AgentGroupDirectory groups) {
        return new CertifiedAccessPolicy(Topics.DEFAULT_PREFIX, groups);
    }

    @Override
    public boolean permits(AccessRequest request) {
        Objects.requireNonNull(request, "request");
        return switch (request.identity().role()) {
            case CONSOLE -> true;
            case AGENT -> permitsAgent(request.identity().value(), request);
            case DEVICE -> false;
        };
    }

    private boolean permitsAgent(String agentId, AccessRequest request) {
        String address = request.address();
        boolean retainedCopy = address.startsWith(RETAIN_PREFIX);
        Optional<TopicFilter> target = TopicFilter.parseAddress(retainedCopy
                ? address.substring(RETAIN_PREFIX.length()) : address);
        if (target.isEmpty() || target.get().first().text().startsWith("$")) {
            return false;
        }
        TopicFilter own = ownTrees.computeIfAbsent(agentId,
                id -> TopicFilter.parseMqtt(base + "/agents/" + id + "/#", "own"));
        if (retainedCopy) {
            // the broker files an agent's retained state under it; nobody else's
            return own.covers(target.get());
        }
        Optional<String> group = groupOfCommands(target.get());
        if (group.isPresent()) {
            return permitsGroup(agentId, group.get(), request);
        }
        return switch (request.checkType()) {
            case SEND -> mayPublish(own, target.get());
            case CREATE_ADDRESS -> mayPublish(own, target.get()) || maySubscribe(own, target.get());
            case CREATE_NON_DURABLE_QUEUE, CREATE_DURABLE_QUEUE, CONSUME, DELETE_NON_DURABLE_QUEUE,
                    DELETE_DURABLE_QUEUE -> maySubscribe(own, target.get());
            default -> false;
        };
    }

    /** The group whose commands topic {@code address} is exactly ({@code base/groups/{group}/commands}). */
    private Optional<String> groupOfCommands(TopicFilter address) {
        List<TopicFilter.Level> levels = address.levels();
        int depth = baseLevels.size();
        if (levels.size() != depth + 3) {
            return Optional.empty();
        }
        for (int i = 0; i < depth; i++) {
            if (!levels.get(i).isLiteral() || !levels.get(i).text().equals(baseLevels.get(i))) {
                return Optional.empty();
            }
        }
        TopicFilter.Level groupsLevel = levels.get(depth);
        TopicFilter.Level group = levels.get(depth + 1);
        TopicFilter.Level commands = levels.get(depth + 2);
        boolean exact = groupsLevel.isLiteral() && groupsLevel.text().equals("groups") && group.isLiteral()
                && commands.isLiteral() && commands.text().equals("commands");
        return exact ? Optional.of(group.text()) : Optional.empty();
    }

    private boolean permitsGroup(String agentId, String group, AccessRequest request) {
        boolean sharedQueue = (group + "." + request.address()).equals(request.queue());
        return switch (request.checkType()) {
            // the address is created by whoever subscribes first; sending is checked on its own (console only)
            case CREATE_ADDRESS -> groups.groupsOf(agentId).contains(group);
            case CREATE_DURABLE_QUEUE, CREATE_NON_DURABLE_QUEUE, CONSUME ->
                    sharedQueue && groups.groupsOf(agentId).contains(group);
            // not to others: Artemis deletes the shared queue after a refused subscription, which would drop the
            // group's waiting commands; a member that leaves still holds the group until the console hears that it
            // applied a bundle without it, and it unsubscribes before it says so
            case DELETE_DURABLE_QUEUE, DELETE_NON_DURABLE_QUEUE ->
                    sharedQueue && groups.groupsOf(agentId).contains(group);
            // Artemis removes an address only when no queue is bound to it any more
            case DELETE_ADDRESS -> request.queue() == null;
            default -> false;
        };
    }

    private boolean mayPublish(TopicFilter own, TopicFilter topic) {
        return own.covers(topic) || anyTrigger.covers(topic) || inboxes.covers(topic) || !ownTree.intersects(topic);
    }

    private boolean maySubscribe(TopicFilter own, TopicFilter filter) {
        return own.covers(filter) || !ownTree.intersects(filter);
    }
}
