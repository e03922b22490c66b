package io.taskrunner.console.service.broker;

import java.util.Objects;
import java.util.Optional;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.taskrunner.protocol.Topics;
import org.apache.activemq.artemis.core.protocol.mqtt.MQTTInterceptor;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the connection of a client that asks for a shared subscription reaching group commands it may not take,
 * before the broker acts on it. Artemis checks such a subscription only when it creates the consumer, and a refused
 * one to a group's existing shared queue (Artemis 2.55, tried here) leaves the group's members receiving nothing
 * more: any certified agent or device could silence a group that way. Only the console, and an agent subscribing to
 * {@code $share/{group}/taskrunner/v1/groups/{group}/commands} of one of its groups, pass. Sees every incoming MQTT
 * packet, so anything but SUBSCRIBE passes at once.
 */
final class GroupSubscriptionGuard implements MQTTInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(GroupSubscriptionGuard.class);
    private static final String SHARE = "$share/";

    private final Topics topics;
    private final TopicFilter groupSpace;
    private final AgentGroupDirectory groups;

    GroupSubscriptionGuard(String prefix, AgentGroupDirectory groups) {
        this.topics = new Topics(prefix);
        this.groupSpace = TopicFilter.parseMqtt(prefix + "/" + Topics.VERSION + "/groups/#", "groups");
        this.groups = Objects.requireNonNull(groups, "groups");
    }

    static GroupSubscriptionGuard withDefaultPrefix(AgentGroupDirectory groups) {
        return new GroupSubscriptionGuard(Topics.DEFAULT_PREFIX, groups);
    }

    /** @return false to close the connection */
    @Override
    public boolean intercept(MqttMessage packet, RemotingConnection connection) {
        if (!(packet instanceof MqttSubscribeMessage subscribe)) {
            return true;
        }
        Optional<ClientIdentity> identity = CertificateSecurityManager.identityOf(connection.getSubject());
        if (identity.isPresent() && identity.get().role() == ClientRole.CONSOLE) {
            return true;
        }
        for (MqttTopicSubscription subscription : subscribe.payload().topicSubscriptions()) {
            String filter = subscription.topicFilter();
            if (filter != null && filter.startsWith(SHARE) && !permitted(identity, filter)) {
                LOG.warn("Closing the connection of {} {} from {}: it asked for the shared subscription {}, which "
                        + "reaches group commands it may not take", identity.map(id -> id.role().principalName())
                        .orElse("client"), identity.map(Object::toString).orElse("?"), connection.getRemoteAddress(),
                        Printable.of(filter));
                return false;
            }
        }
        return true;
    }

    private boolean permitted(Optional<ClientIdentity> identity, String sharedFilter) {
        String rest = sharedFilter.substring(SHARE.length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return true; // malformed: the broker refuses it without touching any queue
        }
        String share = rest.substring(0, slash);
        String filter = rest.substring(slash + 1);
        TopicFilter parsed;
        try {
            parsed = TopicFilter.parseMqtt(filter, "filter");
        } catch (IllegalArgumentException e) {
            return true;
        }
        if (!groupSpace.intersects(parsed)) {
            return true;
        }
        Optional<String> group = topics.parseGroupCommands(filter);
        return identity.isPresent() && identity.get().role() == ClientRole.AGENT && group.isPresent()
                && group.get().equals(share) && groups.groupsOf(identity.get().value()).contains(share);
    }
}
