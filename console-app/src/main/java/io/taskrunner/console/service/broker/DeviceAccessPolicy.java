package io.taskrunner.console.service.broker;

import java.util.Objects;
import java.util.Optional;
import org.apache.activemq.artemis.core.security.CheckType;

/**
 * What a device (a client logged in with a device credential) may do:
 * <ul>
 * <li>publish ({@code SEND}) only to topics one of its grants covers;</li>
 * <li>subscribe only to replies: {@code t/reply} for a topic {@code t} it may publish to (MQTT 3.1.1), and its
 * inbox {@code taskrunner/v1/devices/{deviceName}/#} (MQTT 5 response topics). For an MQTT subscription Artemis
 * 2.55 checks {@code CREATE_ADDRESS}, {@code CREATE_NON_DURABLE_QUEUE} (clean session) or
 * {@code CREATE_DURABLE_QUEUE}, then {@code CONSUME}, on the subscription's filter as an address; deleting such a
 * queue again is allowed too;</li>
 * <li>with an ad-hoc grant for an agent: publish to that agent's {@code adhoc} topic and subscribe to its
 * {@code /reply};</li>
 * <li>nothing else: no {@code $} system addresses, no other agent control topics whatever its grants say, no
 * browsing or management.</li>
 * </ul>
 * Reads the grants from the {@link DeviceDirectory}'s memory on every call; no I/O.
 */
final class DeviceAccessPolicy implements AccessPolicy {
    private final DeviceDirectory directory;
    private final DeviceTopics topics;

    DeviceAccessPolicy(DeviceDirectory directory, DeviceTopics topics) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.topics = Objects.requireNonNull(topics, "topics");
    }

    @Override
    public boolean permits(AccessRequest request) {
        if (request.role() != ClientRole.DEVICE) {
            return false;
        }
        Optional<DeviceGrants> grants = directory.grants(request.identity().value());
        Optional<TopicFilter> target = TopicFilter.parseAddress(request.address());
        if (grants.isEmpty() || target.isEmpty() || target.get().first().text().startsWith("$")) {
            return false;
        }
        Optional<Boolean> adhoc = adhocAccess(grants.get(), target.get(), request.checkType());
        if (adhoc.isPresent()) {
            return adhoc.get();
        }
        if (topics.touchesControlTopics(target.get())) {
            return false;
        }
        return switch (request.checkType()) {
            case SEND -> mayPublish(grants.get(), target.get());
            // publishing to a topic nobody has used yet creates its address, and so does subscribing
            case CREATE_ADDRESS -> mayPublish(grants.get(), target.get()) || maySubscribe(grants.get(), target.get());
            case CREATE_NON_DURABLE_QUEUE, CREATE_DURABLE_QUEUE, CONSUME, DELETE_NON_DURABLE_QUEUE,
                    DELETE_DURABLE_QUEUE -> maySubscribe(grants.get(), target.get());
            default -> false;
        };
    }

    /**
     * For an agent's {@code adhoc} topic or its {@code /reply}, granted by name: publish to the first, subscribe to
     * the second. Empty for any other address, which the topic-filter rules decide.
     */
    private Optional<Boolean> adhocAccess(DeviceGrants grants, TopicFilter target, CheckType type) {
        for (String agentId : grants.adhocAgents()) {
            TopicFilter adhoc = topics.adhoc(agentId);
            if (adhoc.equals(target)) {
                return Optional.of(type == CheckType.SEND || type == CheckType.CREATE_ADDRESS);
            }
            if (target.parent().filter(adhoc::equals).isPresent() && target.last().isLiteral()
                    && DeviceTopics.REPLY_LEVEL.equals(target.last().text())) {
                return Optional.of(switch (type) {
                    case CREATE_ADDRESS, CREATE_NON_DURABLE_QUEUE, CREATE_DURABLE_QUEUE, CONSUME,
                            DELETE_NON_DURABLE_QUEUE, DELETE_DURABLE_QUEUE -> true;
                    default -> false;
                });
            }
        }
        return Optional.empty();
    }

    private boolean mayPublish(DeviceGrants grants, TopicFilter topic) {
        if (topics.touchesInboxes(topic)) {
            return false;
        }
        for (TopicFilter granted : grants.publish()) {
            if (granted.covers(topic)) {
                return true;
            }
        }
        return false;
    }

    private boolean maySubscribe(DeviceGrants grants, TopicFilter filter) {
        if (topics.inbox(grants.deviceName()).covers(filter)) {
            return true;
        }
        Optional<TopicFilter> repliedTo = filter.parent();
        if (!filter.last().isLiteral() || !DeviceTopics.REPLY_LEVEL.equals(filter.last().text())
                || repliedTo.isEmpty()) {
            return false;
        }
        for (TopicFilter granted : grants.publish()) {
            if (granted.covers(repliedTo.get())) {
                return true;
            }
        }
        return false;
    }
}
