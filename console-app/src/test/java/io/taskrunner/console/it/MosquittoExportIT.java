package io.taskrunner.console.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientState;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.taskrunner.console.it.MosquittoClients.Login;
import io.taskrunner.console.it.MosquittoClients.Result;
import io.taskrunner.console.it.MosquittoClients.Subscriber;
import io.taskrunner.console.service.broker.MosquittoPasswordHash;
import io.taskrunner.console.service.broker.TopicFilter;
import io.taskrunner.console.service.broker.export.AgentAccess;
import io.taskrunner.console.service.broker.export.BrokerExport;
import io.taskrunner.console.service.broker.export.BrokerExportSettings;
import io.taskrunner.console.service.broker.export.BrokerRules;
import io.taskrunner.console.service.broker.export.BrokerRulesExport;
import io.taskrunner.console.service.broker.export.DeviceAccess;
import io.taskrunner.console.service.pki.CertificateAuthority;
import io.taskrunner.console.service.pki.KeyStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's mosquitto 2.0 run with nothing but the files {@code export-broker} writes, proving the embedded broker's
 * rules hold there. Mosquitto drops a refused publish (saying so only in an MQTT 5 PUBACK) and a refused delivery
 * silently, so every denial is shown by a subscriber that must not receive a message while a later positive control
 * message does arrive.
 */
class MosquittoExportIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String DEVICE = "line1-button";
    private static final String DEVICE_PASSWORD = "device-password-0123456789abcdef";

    @TempDir
    Path dir;

    private CertificateAuthority ca;
    private MosquittoBroker broker;
    private MosquittoClients devices;
    private int devicePort;
    private final List<Mqtt5AsyncClient> clients = new ArrayList<>();

    @BeforeEach
    void startMosquittoWithTheExportedFiles() throws Exception {
        ca = CertificateAuthority.loadOrCreate(dir.resolve("pki"), "Test Console CA");
        int certificatePort = FreePorts.next();
        devicePort = FreePorts.next();
        BrokerRules rules = new BrokerRules(
                List.of(new AgentAccess("agent-a", Set.of("line1")), new AgentAccess("agent-b", Set.of())),
                List.of(new DeviceAccess(DEVICE, List.of(filter("factory/line1/+/button"),
                        filter("taskrunner/v1/agents/agent-a/trigger/start")), List.of(),
                        Optional.of(new MosquittoPasswordHash().hash(DEVICE_PASSWORD)))));
        Path export = dir.resolve("export");
        BrokerExport written = new BrokerRulesExport(ca).export(rules, new BrokerExportSettings(export, null,
                "127.0.0.1", certificatePort, devicePort, List.of("localhost"), List.of("127.0.0.1"), false));
        assertThat(written.devicesWithoutPassword()).isEmpty();

        Path config = dir.resolve("mosquitto.conf");
        Files.writeString(config, Files.readString(export.resolve(BrokerRulesExport.MOSQUITTO_CONF_FILE))
                + String.join("\n", "",
                // as root, mosquitto would switch to its own user, which cannot read the test's private folder
                "user " + System.getProperty("user.name"),
                "log_dest file " + dir.resolve("broker").resolve("mosquitto.log"),
                "log_type all",
                ""));
        broker = new MosquittoBroker(dir.resolve("broker"), certificatePort).startWithConfig(config, devicePort);
        devices = new MosquittoClients(devicePort, export.resolve(BrokerRulesExport.CA_FILE));
    }

    @AfterEach
    void stop() throws Exception {
        for (Mqtt5AsyncClient client : clients) {
            if (client.getState() == MqttClientState.CONNECTED) {
                client.disconnect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void anAgent_usesItsOwnTree_andTopicsOutsideTheTaskRunnerTree() throws Exception {
        CertifiedClient agentA = connect("agent-a");
        agentA.subscribe("taskrunner/v1/agents/agent-a/#", "factory/#");

        agentA.publish("taskrunner/v1/agents/agent-a/events", "own event");
        agentA.publish("factory/line1/lamp", "outside");

        agentA.awaitReceived("taskrunner/v1/agents/agent-a/events own event");
        agentA.awaitReceived("factory/line1/lamp outside");
    }

    @Test
    void anAgent_receivesNothingOfAnotherAgent_noGroupItIsNotIn_andNothingThroughHashFilters() throws Exception {
        CertifiedClient console = connect("console");
        CertifiedClient agentA = connect("agent-a");
        // mosquitto grants every subscription and checks each delivery instead
        agentA.subscribe("taskrunner/v1/agents/agent-b/commands", "#", "taskrunner/#", "+/v1/agents/+/events",
                "taskrunner/v1/groups/line2/commands", "taskrunner/v1/agents/agent-a/commands");

        console.publish("taskrunner/v1/agents/agent-b/commands", "b's command");
        console.publish("taskrunner/v1/agents/agent-b/events", "b's event");
        console.publish("taskrunner/v1/groups/line2/commands", "line2 command");
        console.publish("taskrunner/v1/agents/agent-a/commands", "control");

        agentA.awaitReceived("taskrunner/v1/agents/agent-a/commands control");
        assertThat(agentA.received()).noneMatch(message -> message.contains("agent-b") || message.contains("line2"));
    }

    @Test
    void anAgent_cannotPublishAsAnotherAgent_norToGroupCommands_butMayTriggerAnotherAgentsTasks() throws Exception {
        CertifiedClient console = connect("console");
        console.subscribe("#");
        CertifiedClient agentA = connect("agent-a");

        agentA.publishRefused("taskrunner/v1/agents/agent-b/events", "forged event");
        agentA.publishRefused("taskrunner/v1/agents/agent-b/commands", "forged command");
        agentA.publishRefused("taskrunner/v1/groups/line1/commands", "forged group command");
        agentA.publish("taskrunner/v1/agents/agent-b/trigger/backup", "trigger");
        agentA.publish("taskrunner/v1/devices/line1-button/answer", "reply to a device");
        agentA.publish("taskrunner/v1/agents/agent-a/events", "control");

        console.awaitReceived("taskrunner/v1/agents/agent-a/events control");
        assertThat(console.received()).contains("taskrunner/v1/agents/agent-b/trigger/backup trigger",
                "taskrunner/v1/devices/line1-button/answer reply to a device");
        assertThat(console.received()).noneMatch(message -> message.contains("forged"));
    }

    @Test
    void aGroupMember_getsItsGroupsCommandsThroughTheSharedSubscription_anotherAgentDoesNot() throws Exception {
        CertifiedClient console = connect("console");
        CertifiedClient agentA = connect("agent-a");
        CertifiedClient agentB = connect("agent-b");
        agentA.subscribe("$share/line1/taskrunner/v1/groups/line1/commands");
        agentB.subscribe("taskrunner/v1/groups/line1/commands", "taskrunner/v1/agents/agent-b/commands");

        console.publish("taskrunner/v1/groups/line1/commands", "group command");
        console.publish("taskrunner/v1/agents/agent-b/commands", "control");

        agentA.awaitReceived("taskrunner/v1/groups/line1/commands group command");
        agentB.awaitReceived("taskrunner/v1/agents/agent-b/commands control");
        assertThat(agentB.received()).noneMatch(message -> message.contains("group command"));
    }

    @Test
    void theConsole_readsAndWritesEverywhere() throws Exception {
        CertifiedClient console = connect("console");
        console.subscribe("taskrunner/v1/agents/+/events", "taskrunner/v1/agents/agent-b/commands");
        CertifiedClient agentB = connect("agent-b");
        agentB.subscribe("taskrunner/v1/agents/agent-b/commands");

        agentB.publish("taskrunner/v1/agents/agent-b/events", "b event");
        console.publish("taskrunner/v1/agents/agent-b/commands", "command");

        console.awaitReceived("taskrunner/v1/agents/agent-b/events b event");
        console.awaitReceived("taskrunner/v1/agents/agent-b/commands command");
        agentB.awaitReceived("taskrunner/v1/agents/agent-b/commands command");
    }

    @Test
    void aDevice_publishesOnlyToItsGrants() throws Exception {
        CertifiedClient console = connect("console");
        console.subscribe("#");
        Login device = new Login(DEVICE, DEVICE_PASSWORD);

        // MQTT 5 answers "not authorized" and carries on; the exit code does not matter, only what arrives
        devices.publish("mqttv5", device, "taskrunner/v1/agents/agent-a/trigger/other", "forbidden trigger");
        devices.publish("mqttv5", device, "taskrunner/v1/agents/agent-a/commands", "forbidden command");
        devices.publish("mqttv5", device, "factory/line2/7/button", "forbidden line");
        assertThat(devices.publish("mqttv5", device, "taskrunner/v1/agents/agent-a/trigger/start", "start")
                .exitCode()).isZero();
        assertThat(devices.publish("mqttv5", device, "factory/line1/7/button", "control").exitCode()).isZero();

        console.awaitReceived("factory/line1/7/button control");
        assertThat(console.received()).contains("taskrunner/v1/agents/agent-a/trigger/start start");
        assertThat(console.received()).noneMatch(message -> message.contains("forbidden"));
    }

    @Test
    void aDevice_readsItsRepliesAndItsInbox_only() throws Exception {
        CertifiedClient console = connect("console");
        try (Subscriber device = devices.subscribe("mqttv5", new Login(DEVICE, DEVICE_PASSWORD),
                "factory/line1/7/button/reply", "factory/line2/7/button/reply",
                "taskrunner/v1/agents/agent-a/commands", "taskrunner/v1/devices/other-device/#",
                "taskrunner/v1/devices/" + DEVICE + "/#")) {
            awaitSubscribed(console, device, "taskrunner/v1/devices/" + DEVICE + "/hello");

            console.publish("factory/line2/7/button/reply", "forbidden reply");
            console.publish("taskrunner/v1/agents/agent-a/commands", "forbidden command");
            console.publish("taskrunner/v1/devices/other-device/answer", "forbidden inbox");
            console.publish("factory/line1/7/button/reply", "reply");
            console.publish("taskrunner/v1/devices/" + DEVICE + "/answer", "control");

            device.awaitMessage("taskrunner/v1/devices/" + DEVICE + "/answer", "control");
            assertThat(device.output()).contains("factory/line1/7/button/reply reply")
                    .doesNotContain("forbidden");
        }
    }

    @Test
    void aDevice_withAWrongPasswordOrAnUnknownName_isRefused() throws Exception {
        Result wrong = devices.publish("mqttv5", new Login(DEVICE, DEVICE_PASSWORD + "x"), "factory/line1/7/button",
                "guessed");
        Result unknown = devices.publish("mqttv5", new Login("agent-a", DEVICE_PASSWORD), "factory/line1/7/button",
                "guessed");
        Result right = devices.publish("mqttv5", new Login(DEVICE, DEVICE_PASSWORD), "factory/line1/7/button",
                "right");

        assertThat(wrong.exitCode()).as(wrong.output()).isNotZero();
        assertThat(wrong.output()).containsAnyOf("not authorised", "Bad User Name or Password", "Not authorized");
        assertThat(unknown.exitCode()).as(unknown.output()).isNotZero();
        assertThat(right.exitCode()).as(right.output()).isZero();
    }

    /** mosquitto_sub prints nothing when its SUBACK arrives; wait until a message to it gets through. */
    private static void awaitSubscribed(CertifiedClient console, Subscriber device, String probeTopic)
            throws Exception {
        await("device subscribed").atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            console.publish(probeTopic, "probe");
            return device.output().contains(probeTopic + " probe");
        });
    }

    private CertifiedClient connect(String commonName) throws Exception {
        MqttClientSslConfig tls = MqttClientSslConfig.builder()
                .trustManagerFactory(KeyStores.trustManagerFactory(ca.certificate()))
                .keyManagerFactory(KeyStores.keyManagerFactory(ca.issueClientCertificate(commonName,
                        Duration.ofDays(1))))
                .build();
        Mqtt5AsyncClient client = MqttClient.builder().useMqttVersion5().identifier(commonName + "-it")
                .serverHost("localhost").serverPort(broker.port()).sslConfig(tls).buildAsync();
        clients.add(client);
        CertifiedClient certified = new CertifiedClient(client);
        client.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return certified;
    }

    private static TopicFilter filter(String text) {
        return TopicFilter.parseMqtt(text, "filter");
    }

    /** A client with a certificate that records every message it receives as "topic payload". */
    private static final class CertifiedClient {
        private final Mqtt5AsyncClient client;
        private final List<String> received = new CopyOnWriteArrayList<>();

        CertifiedClient(Mqtt5AsyncClient client) {
            this.client = client;
            client.publishes(MqttGlobalPublishFilter.ALL, publish -> received.add(publish.getTopic() + " "
                    + StandardCharsets.UTF_8.decode(publish.getPayload().orElseThrow())));
        }

        void subscribe(String... filters) throws Exception {
            for (String filter : filters) {
                client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send()
                        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        }

        void publish(String topic, String payload) throws Exception {
            client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(payload.getBytes(StandardCharsets.UTF_8)).send().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        /** Mosquitto drops the message and, over MQTT 5, says so in the PUBACK. */
        void publishRefused(String topic, String payload) {
            assertThatThrownBy(() -> publish(topic, payload)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(Mqtt5PubAckException.class, refused -> assertThat(
                            refused.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
        }

        void awaitReceived(String message) {
            await("receiving " + message).atMost(WAIT).until(() -> received.contains(message));
        }

        List<String> received() {
            return List.copyOf(received);
        }
    }
}
