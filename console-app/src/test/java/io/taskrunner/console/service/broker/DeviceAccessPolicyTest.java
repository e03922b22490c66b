package io.taskrunner.console.service.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.activemq.artemis.core.config.WildcardConfiguration;
import org.apache.activemq.artemis.core.protocol.mqtt.MQTTUtil;
import org.apache.activemq.artemis.core.security.CheckType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceAccessPolicyTest {
    private static final ClientIdentity BUTTON = ClientIdentity.device("line1-button");
    private static final Map<String, List<String>> GRANTS = Map.of(
            "line1-button", List.of("taskrunner/v1/agents/agent-x/trigger/+", "factory/line1/+/button",
                    "plant/#"),
            "other-device", List.of("factory/line2/+/button"));

    private final DeviceAccessPolicy policy = new DeviceAccessPolicy(new FixedDirectory(GRANTS),
            DeviceTopics.withDefaultPrefix());

    @ParameterizedTest
    @ValueSource(strings = {"taskrunner/v1/agents/agent-x/trigger/open-door", "factory/line1/7/button",
            "factory/line1/7.5/button", "plant", "plant/hall-2/press/3"})
    void publish_toATopicAGrantCovers_isPermitted(String topic) {
        assertThat(permits(BUTTON, CheckType.SEND, topic)).isTrue();
        assertThat(permits(BUTTON, CheckType.CREATE_ADDRESS, topic)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"taskrunner/v1/agents/agent-y/trigger/open-door", "taskrunner/v1/agents/agent-x/trigger",
            "taskrunner/v1/agents/agent-x/trigger/a/b", "factory/line1/7/button/extra", "factory/line2/7/button",
            "factory/line1/7", "plants/x"})
    void publish_toATopicNoGrantCovers_isDenied(String topic) {
        assertThat(permits(BUTTON, CheckType.SEND, topic)).isFalse();
        assertThat(permits(BUTTON, CheckType.CREATE_ADDRESS, topic)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"taskrunner/v1/agents/agent-x/commands", "taskrunner/v1/agents/agent-x/desired",
            "taskrunner/v1/agents/agent-x/events", "taskrunner/v1/agents/agent-x/state",
            "taskrunner/v1/agents/agent-x/metrics", "taskrunner/v1/agents/agent-x/alerts",
            "taskrunner/v1/groups/workers/commands", "taskrunner/v1/devices/line1-button/r1"})
    void controlTopicsAndInboxes_areNeverPublishable_evenUnderAWideGrant(String topic) {
        DeviceAccessPolicy wide = new DeviceAccessPolicy(new FixedDirectory(Map.of("line1-button", List.of("#"))),
                DeviceTopics.withDefaultPrefix());

        assertThat(wide.permits(request(BUTTON, CheckType.SEND, topic))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"factory/line1/7/button/reply", "factory/line1/+/button/reply",
            "taskrunner/v1/agents/agent-x/trigger/open-door/reply", "taskrunner/v1/agents/agent-x/trigger/+/reply",
            "plant/hall-2/reply", "plant/reply", "taskrunner/v1/devices/line1-button/r1",
            "taskrunner/v1/devices/line1-button/#", "taskrunner/v1/devices/line1-button"})
    void subscribe_toRepliesAndItsInbox_isPermitted(String filter) {
        for (CheckType check : List.of(CheckType.CREATE_ADDRESS, CheckType.CREATE_NON_DURABLE_QUEUE,
                CheckType.CREATE_DURABLE_QUEUE, CheckType.CONSUME, CheckType.DELETE_NON_DURABLE_QUEUE,
                CheckType.DELETE_DURABLE_QUEUE)) {
            assertThat(permits(BUTTON, check, filter)).as(check + " " + filter).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"factory/line1/7/button", "factory/line1/+/button", "factory/#", "#", "factory/+/+/+/reply",
            "factory/line2/7/button/reply", "factory/line1/7/button/reply/x", "taskrunner/v1/devices/other-device/r1",
            "taskrunner/v1/devices/+/r1", "taskrunner/v1/agents/agent-x/commands", "taskrunner/v1/agents/+/state",
            "plant/#/reply"})
    void subscribe_toAnythingElse_isDenied(String filter) {
        assertThat(permits(BUTTON, CheckType.CREATE_DURABLE_QUEUE, filter)).as(filter).isFalse();
        assertThat(permits(BUTTON, CheckType.CONSUME, filter)).as(filter).isFalse();
    }

    @Test
    void subscribe_isCheckedOnTheAddressPart_ofAFullyQualifiedQueue() {
        String address = "factory.line1.*.button.reply";
        assertThat(policy.permits(new AccessRequest(BUTTON, CheckType.CONSUME, address,
                "client-1." + address))).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = CheckType.class, names = {"BROWSE", "MANAGE", "DELETE_ADDRESS", "EDIT", "VIEW"})
    void otherOperations_areDenied_evenOnGrantedTopics(CheckType check) {
        assertThat(permits(BUTTON, check, "factory/line1/7/button")).isFalse();
        assertThat(permits(BUTTON, check, "taskrunner/v1/devices/line1-button/r1")).isFalse();
    }

    @Test
    void systemAddresses_areDenied() {
        assertThat(policy.permits(request(BUTTON, CheckType.SEND, "$sys/mqtt/sessions"))).isFalse();
        assertThat(policy.permits(new AccessRequest(BUTTON, CheckType.SEND, "$sys.mqtt.retain.plant.x", null)))
                .isFalse();
    }

    @Test
    void aDeviceTheDirectoryDoesNotKnow_orAClientOfAnotherRole_mayDoNothing() {
        assertThat(permits(ClientIdentity.device("unknown"), CheckType.SEND, "factory/line1/7/button")).isFalse();
        assertThat(permits(new ClientIdentity("line1-button"), CheckType.SEND, "factory/line1/7/button")).isFalse();
    }

    private boolean permits(ClientIdentity identity, CheckType check, String topic) {
        return policy.permits(request(identity, check, topic));
    }

    @Test
    void adhocTopic_isOpenOnlyToDevicesGrantedThatAgent_andOnlyItsReplyIsSubscribable() {
        ClientIdentity operatorPanel = ClientIdentity.device("operator-panel");
        DeviceAccessPolicy adhoc = new DeviceAccessPolicy(new DeviceDirectory() {
            @Override
            public DeviceLoginOutcome login(String name, String password) {
                return DeviceLoginOutcome.ACCEPTED;
            }

            @Override
            public Optional<DeviceGrants> grants(String name) {
                return Optional.of(name.equals("operator-panel")
                        ? new DeviceGrants(name, List.of(TopicFilter.parseMqtt("#", "grant")), java.util.Set.of("agent-x"))
                        : new DeviceGrants(name, List.of(TopicFilter.parseMqtt("#", "grant"))));
            }

            @Override
            public boolean isReservedClientId(String deviceName, String clientId) {
                return false;
            }
        }, DeviceTopics.withDefaultPrefix());
        String topic = "taskrunner/v1/agents/agent-x/adhoc";

        assertThat(adhoc.permits(request(operatorPanel, CheckType.SEND, topic))).isTrue();
        assertThat(adhoc.permits(request(operatorPanel, CheckType.CREATE_ADDRESS, topic))).isTrue();
        assertThat(adhoc.permits(request(operatorPanel, CheckType.CONSUME, topic))).isFalse();
        assertThat(adhoc.permits(request(operatorPanel, CheckType.CREATE_NON_DURABLE_QUEUE, topic + "/reply")))
                .isTrue();
        assertThat(adhoc.permits(request(operatorPanel, CheckType.CONSUME, topic + "/reply"))).isTrue();
        assertThat(adhoc.permits(request(operatorPanel, CheckType.SEND, topic + "/reply"))).isFalse();
        assertThat(adhoc.permits(request(operatorPanel, CheckType.SEND, "taskrunner/v1/agents/agent-y/adhoc")))
                .as("another agent").isFalse();
        assertThat(adhoc.permits(request(operatorPanel, CheckType.SEND, topic + "/extra"))).isFalse();
        assertThat(adhoc.permits(request(operatorPanel, CheckType.SEND, "taskrunner/v1/agents/agent-x/commands")))
                .isFalse();
        assertThat(adhoc.permits(request(BUTTON, CheckType.SEND, topic))).as("a '#' grant is no adhoc grant")
                .isFalse();
        assertThat(adhoc.permits(request(BUTTON, CheckType.CONSUME, topic + "/reply"))).isFalse();
    }

    private static AccessRequest request(ClientIdentity identity, CheckType check, String topic) {
        return new AccessRequest(identity, check, MQTTUtil.getCoreAddressFromMqttTopic(topic,
                new WildcardConfiguration()), null);
    }

    /** Grants by device name, as the device credential service would serve them. */
    record FixedDirectory(Map<String, List<String>> grants) implements DeviceDirectory {
        @Override
        public DeviceLoginOutcome login(String name, String password) {
            if (!grants.containsKey(name)) {
                return DeviceLoginOutcome.UNKNOWN;
            }
            return "secret".equals(password) ? DeviceLoginOutcome.ACCEPTED : DeviceLoginOutcome.WRONG_PASSWORD;
        }

        @Override
        public Optional<DeviceGrants> grants(String name) {
            return Optional.ofNullable(grants.get(name)).map(filters -> new DeviceGrants(name,
                    filters.stream().map(filter -> TopicFilter.parseMqtt(filter, "grant")).toList()));
        }

        @Override
        public boolean isReservedClientId(String deviceName, String clientId) {
            return false;
        }
    }
}
