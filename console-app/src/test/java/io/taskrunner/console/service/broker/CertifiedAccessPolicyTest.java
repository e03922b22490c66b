package io.taskrunner.console.service.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.apache.activemq.artemis.core.config.WildcardConfiguration;
import org.apache.activemq.artemis.core.protocol.mqtt.MQTTUtil;
import org.apache.activemq.artemis.core.security.CheckType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class CertifiedAccessPolicyTest {
    private static final ClientIdentity AGENT_A = new ClientIdentity("press-a");
    private static final ClientIdentity CONSOLE = new ClientIdentity("console");

    private final CertifiedAccessPolicy policy = CertifiedAccessPolicy.withDefaultPrefix();

    @ParameterizedTest
    @ValueSource(strings = {"taskrunner/v1/agents/press-a/state", "taskrunner/v1/agents/press-a/events",
            "taskrunner/v1/agents/press-a/alerts", "taskrunner/v1/agents/press-a/trigger/open/reply",
            "taskrunner/v1/agents/press-b/trigger/open", "taskrunner/v1/devices/scale-3/replies",
            "factory/line1/oven/temp/reply", "plant/hall3/scale"})
    void agent_mayPublish_toItsOwnTree_othersTriggers_inboxes_andDeviceTopics(String topic) {
        assertThat(permits(AGENT_A, CheckType.SEND, topic)).isTrue();
        assertThat(permits(AGENT_A, CheckType.CREATE_ADDRESS, topic)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"taskrunner/v1/agents/press-b/events", "taskrunner/v1/agents/press-b/state",
            "taskrunner/v1/agents/press-b/commands", "taskrunner/v1/agents/press-b/desired",
            "taskrunner/v1/agents/press-b/alerts", "taskrunner/v1/agents/press-b/adhoc",
            "taskrunner/v1/groups/presses/commands", "taskrunner/v1/other", "$SYS/broker/load"})
    void agent_mayNotPublish_asAnotherAgent_orToGroupsOrSystemTopics(String topic) {
        assertThat(permits(AGENT_A, CheckType.SEND, topic)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"taskrunner/v1/agents/press-a/commands", "taskrunner/v1/agents/press-a/desired",
            "taskrunner/v1/agents/press-a/trigger/+", "taskrunner/v1/agents/press-a/#", "factory/+/button",
            "plant/#"})
    void agent_maySubscribe_toItsOwnTree_andDeviceTopics(String filter) {
        assertThat(permits(AGENT_A, CheckType.CREATE_DURABLE_QUEUE, filter)).isTrue();
        assertThat(permits(AGENT_A, CheckType.CONSUME, filter)).isTrue();
        assertThat(permits(AGENT_A, CheckType.DELETE_DURABLE_QUEUE, filter)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"taskrunner/v1/agents/press-b/commands", "taskrunner/v1/agents/+/commands",
            "taskrunner/v1/agents/press-b/#", "#", "taskrunner/#", "+/v1/agents/press-b/desired",
            "taskrunner/v1/devices/scale-3/replies", "$SYS/#"})
    void agent_mayNotSubscribe_toOtherAgents_wildcardsReachingThem_orInboxes(String filter) {
        assertThat(permits(AGENT_A, CheckType.CREATE_DURABLE_QUEUE, filter)).isFalse();
        assertThat(permits(AGENT_A, CheckType.CREATE_NON_DURABLE_QUEUE, filter)).isFalse();
        assertThat(permits(AGENT_A, CheckType.CONSUME, filter)).isFalse();
    }

    @Test
    void retainedCopies_areAnAgentsOwnOnly() {
        assertThat(policy.permits(new AccessRequest(AGENT_A, CheckType.CREATE_DURABLE_QUEUE,
                "$sys.mqtt.retain." + address("taskrunner/v1/agents/press-a/state"), null))).isTrue();
        assertThat(policy.permits(new AccessRequest(AGENT_A, CheckType.SEND,
                "$sys.mqtt.retain." + address("taskrunner/v1/agents/press-b/state"), null))).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = CheckType.class, names = {"MANAGE", "BROWSE", "VIEW", "EDIT", "CREATE_ADDRESS"},
            mode = EnumSource.Mode.INCLUDE)
    void console_mayDoEverything_andAgentsNoManagement(CheckType type) {
        assertThat(permits(CONSOLE, type, "taskrunner/v1/agents/press-b/commands")).isTrue();
        if (type != CheckType.CREATE_ADDRESS) {
            assertThat(permits(AGENT_A, type, "taskrunner/v1/agents/press-a/state")).isFalse();
        }
    }

    @Test
    void devices_areNeverDecidedHere() {
        assertThat(permits(ClientIdentity.device("scale-3"), CheckType.SEND, "plant/hall3/scale")).isFalse();
    }

    @Test
    void agent_mayTakeItsGroupsCommands_throughTheSharedSubscriptionOnly() {
        CertifiedAccessPolicy grouped = CertifiedAccessPolicy.withDefaultPrefix(
                agentId -> agentId.equals("press-a") ? Set.of("line1") : Set.of());
        String line1 = address("taskrunner/v1/groups/line1/commands");
        String line2 = address("taskrunner/v1/groups/line2/commands");

        assertThat(grouped.permits(new AccessRequest(AGENT_A, CheckType.CREATE_ADDRESS, line1, null))).isTrue();
        for (CheckType subscribe : List.of(CheckType.CREATE_DURABLE_QUEUE, CheckType.CONSUME)) {
            assertThat(grouped.permits(new AccessRequest(AGENT_A, subscribe, line1, "line1." + line1)))
                    .as("%s of its group's shared queue", subscribe).isTrue();
            assertThat(grouped.permits(new AccessRequest(AGENT_A, subscribe, line2, "line2." + line2)))
                    .as("%s of another group's shared queue", subscribe).isFalse();
            assertThat(grouped.permits(new AccessRequest(AGENT_A, subscribe, line1, "press-a." + line1)))
                    .as("%s of a plain subscription, which would get every command of the group", subscribe)
                    .isFalse();
            assertThat(grouped.permits(new AccessRequest(AGENT_A, subscribe, line1, "line2." + line1)))
                    .as("%s of a share named after another group", subscribe).isFalse();
        }
        assertThat(grouped.permits(new AccessRequest(AGENT_A, CheckType.SEND, line1, null))).isFalse();
        assertThat(grouped.permits(new AccessRequest(CONSOLE, CheckType.SEND, line1, null))).isTrue();
        assertThat(grouped.permits(new AccessRequest(AGENT_A, CheckType.CREATE_ADDRESS, line2, null))).isFalse();
    }

    @Test
    void agent_mayDeleteTheSharedQueue_ofItsOwnGroupsOnly() {
        CertifiedAccessPolicy grouped = CertifiedAccessPolicy.withDefaultPrefix(
                agentId -> agentId.equals("press-a") ? Set.of("line1") : Set.of());
        String line1 = address("taskrunner/v1/groups/line1/commands");

        assertThat(grouped.permits(new AccessRequest(AGENT_A, CheckType.DELETE_DURABLE_QUEUE, line1,
                "line1." + line1))).isTrue();
        assertThat(grouped.permits(new AccessRequest(new ClientIdentity("press-b"), CheckType.DELETE_DURABLE_QUEUE,
                line1, "line1." + line1))).as("Artemis deletes it after a refused subscription").isFalse();
        assertThat(grouped.permits(new AccessRequest(AGENT_A, CheckType.DELETE_ADDRESS, line1, null))).isTrue();
    }

    @Test
    void agent_withoutGroups_mayNotSubscribeToAnyGroup_norByWildcard() {
        for (String filter : List.of("taskrunner/v1/groups/line1/commands", "taskrunner/v1/groups/+/commands",
                "taskrunner/v1/groups/#")) {
            String address = address(filter);
            assertThat(policy.permits(new AccessRequest(AGENT_A, CheckType.CONSUME, address, "line1." + address)))
                    .as(filter).isFalse();
        }
    }

    private boolean permits(ClientIdentity identity, CheckType check, String topic) {
        return policy.permits(new AccessRequest(identity, check, address(topic), null));
    }

    private static String address(String topic) {
        return MQTTUtil.getCoreAddressFromMqttTopic(topic, new WildcardConfiguration());
    }
}
