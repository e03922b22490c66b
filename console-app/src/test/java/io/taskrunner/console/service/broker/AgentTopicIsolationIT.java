package io.taskrunner.console.service.broker;

import static io.taskrunner.console.service.broker.TestMqttClients.publishQos1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.taskrunner.console.service.pki.BrokerCredentials;
import io.taskrunner.console.service.pki.CertificateAuthority;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents with valid certificates against the embedded broker as the console runs it: each keeps to its own topics.
 * Agent A must not read B's commands, speak as B, or subscribe to everything; what it may do still works.
 */
class AgentTopicIsolationIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration VALIDITY = Duration.ofDays(1);

    @TempDir
    static Path dir;
    private static CertificateAuthority ca;
    private static EmbeddedBroker broker;

    private TestMqttClients clients;
    private Mqtt5AsyncClient agentA;
    private Mqtt5AsyncClient agentB;
    private Mqtt5AsyncClient console;

    @BeforeAll
    static void startBroker() {
        ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), "Test CA");
        BrokerCredentials credentials = BrokerCredentials.loadOrCreate(dir.resolve("tls"), ca, List.of(), List.of());
        broker = new EmbeddedBroker(BrokerSettings.of("127.0.0.1", 0, dir.resolve("data"), credentials),
                DeviceDirectory.none(), agentId -> agentId.equals("press-a") ? Set.of("line1") : Set.of());
        broker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @BeforeEach
    void connect() throws Exception {
        clients = new TestMqttClients(ca.certificate());
        agentA = clients.connected(broker.port(), "press-a", ca.issueClientCertificate("press-a", VALIDITY));
        agentB = clients.connected(broker.port(), "press-b", ca.issueClientCertificate("press-b", VALIDITY));
        console = clients.connected(broker.port(), "console", ca.issueClientCertificate("console", VALIDITY));
    }

    @AfterEach
    void disconnect() throws Exception {
        clients.closeAll();
    }

    @Test
    void agentA_cannotSubscribeToBsCommands_norToEverything() {
        for (String filter : List.of("taskrunner/v1/agents/press-b/commands", "taskrunner/v1/agents/+/desired",
                "#", "taskrunner/#")) {
            assertThat(agentA.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send())
                    .as(filter).failsWithin(WAIT);
        }
    }

    @Test
    void agentA_cannotPublishAsB_andTheConsoleSeesOnlyBsOwnEvent() throws Exception {
        Queue<String> seen = subscribe(console, "taskrunner/v1/agents/+/events");

        assertThat(agentA.publishWith().topic("taskrunner/v1/agents/press-b/events").qos(MqttQos.AT_LEAST_ONCE)
                .payload(bytes("forged by A")).send()).as("the broker refuses the forged event").failsWithin(WAIT);
        publishQos1(agentB, "taskrunner/v1/agents/press-b/events", "from B", false);

        await().atMost(WAIT).until(() -> seen.contains("taskrunner/v1/agents/press-b/events from B"));
        assertThat(seen).containsExactly("taskrunner/v1/agents/press-b/events from B");
    }

    @Test
    void agents_stillUseTheirOwnTopics_retainedState_othersTriggers_andDeviceTopics() throws Exception {
        Queue<String> commandsOfA = subscribe(agentA, "taskrunner/v1/agents/press-a/commands");
        Queue<String> triggersOfB = subscribe(agentB, "taskrunner/v1/agents/press-b/trigger/+");
        Queue<String> deviceTopic = subscribe(agentB, "plant/+/scale");
        publishQos1(agentA, "taskrunner/v1/agents/press-a/state", "online", true);

        publishQos1(console, "taskrunner/v1/agents/press-a/commands", "run", false);
        publishQos1(agentA, "taskrunner/v1/agents/press-b/trigger/open-door", "{}", false);
        publishQos1(agentA, "plant/hall3/scale", "12.5", false);
        Queue<String> state = subscribe(console, "taskrunner/v1/agents/+/state");

        await().atMost(WAIT).until(() -> commandsOfA.size() == 1 && triggersOfB.size() == 1
                && deviceTopic.size() == 1 && state.size() == 1);
        assertThat(state).containsExactly("taskrunner/v1/agents/press-a/state online");
    }

    @Test
    void groupMember_takesTheGroupsCommandsThroughTheSharedSubscription_andAnAgentOutsideTheGroupIsRefused()
            throws Exception {
        String shared = "$share/line1/taskrunner/v1/groups/line1/commands";
        Queue<String> ofA = subscribe(agentA, shared);
        publishQos1(console, "taskrunner/v1/groups/line1/commands", "first", false);
        await().atMost(WAIT).until(() -> ofA.size() == 1);

        assertThat(agentB.subscribeWith().topicFilter(shared).qos(MqttQos.AT_LEAST_ONCE).send())
                .as("press-b is not in line1").failsWithin(WAIT);
        publishQos1(console, "taskrunner/v1/groups/line1/commands", "second", false);

        await().atMost(WAIT).until(() -> ofA.size() == 2);
        assertThat(ofA).as("the refused subscription took nothing away").containsExactly(
                "taskrunner/v1/groups/line1/commands first", "taskrunner/v1/groups/line1/commands second");
        agentA.unsubscribeWith().topicFilter(shared).send().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        // last: the broker closes a client's connection over a refused subscription
        assertThat(agentA.subscribeWith().topicFilter("taskrunner/v1/groups/line1/commands")
                .qos(MqttQos.AT_LEAST_ONCE).send())
                .as("a plain subscription would get every command of the group").failsWithin(WAIT);
        Mqtt5AsyncClient again = clients.connected(broker.port(), "press-a",
                ca.issueClientCertificate("press-a", VALIDITY));
        assertThat(again.publishWith().topic("taskrunner/v1/groups/line1/commands").qos(MqttQos.AT_LEAST_ONCE)
                .payload(bytes("forged by A")).send()).as("only the console publishes group commands")
                .failsWithin(WAIT);
    }

    private static Queue<String> subscribe(Mqtt5AsyncClient client, String filter) throws Exception {
        Queue<String> received = new ConcurrentLinkedQueue<>();
        client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE)
                .callback(publish -> received.add(describe(publish))).send().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return received;
    }

    private static String describe(Mqtt5Publish publish) {
        return publish.getTopic() + " " + new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
