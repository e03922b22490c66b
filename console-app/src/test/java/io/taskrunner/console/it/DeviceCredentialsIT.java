package io.taskrunner.console.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.taskrunner.console.core.ConsoleCore;
import io.taskrunner.console.core.ConsoleOptions;
import io.taskrunner.console.it.MosquittoClients.Login;
import io.taskrunner.console.it.MosquittoClients.Result;
import io.taskrunner.console.it.MosquittoClients.Subscriber;
import io.taskrunner.console.service.broker.CertificateSecurityManager;
import io.taskrunner.console.service.devices.DevicePassword;
import io.taskrunner.protocol.mqtt.MqttClients;
import io.taskrunner.protocol.mqtt.MqttConnectionSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * IoT devices on the console's embedded broker, as Debian's mosquitto clients: TLS trusting the console CA, a device
 * credential instead of a client certificate, MQTT 3.1.1 and 5. What they publish reaches the fleet only on the
 * topics they were granted; they hear replies only on their reply topics and inbox. A forbidden publish may be
 * accepted and dropped by the broker, so "never arrived" is shown by a granted marker published afterwards that did.
 */
class DeviceCredentialsIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> GRANTS = List.of("taskrunner/v1/agents/agent-x/trigger/+",
            "factory/line1/+/button");
    private static final AtomicInteger DEVICES = new AtomicInteger();

    @TempDir
    static Path dir;
    private static ConsoleCore console;
    private static Mqtt5BlockingClient fleetSide;
    private static final Queue<String> received = new ConcurrentLinkedQueue<>();
    private static MosquittoClients mosquitto;

    private final List<Subscriber> subscribers = new ArrayList<>();

    @BeforeAll
    static void startConsole() {
        console = ConsoleCore.start(ConsoleOptions.embedded(dir.resolve("console"), "127.0.0.1", FreePorts.next()),
                Clock.systemUTC());
        // an enrolled agent: its id is taken, for device names and for the client ids of devices
        console.enrolment().enrol("agent-x");
        mosquitto = new MosquittoClients(console.brokerPort(), console.paths().pkiDir().resolve("ca.cert.pem"));

        // the fleet's side of the broker: a client with the console's certificate, which may use every topic
        fleetSide = MqttClients.builder(new MqttConnectionSettings("localhost", console.brokerPort(), "it-fleet",
                console.paths().consoleClientTls(), null, null, null)).buildBlocking();
        fleetSide.toAsync().publishes(MqttGlobalPublishFilter.ALL, publish -> received.add(
                publish.getTopic() + " " + new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8)));
        fleetSide.connect();
        for (String filter : List.of("factory/#", "taskrunner/v1/agents/agent-x/#")) {
            fleetSide.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send();
        }
    }

    @AfterAll
    static void stopConsole() {
        if (fleetSide != null) {
            fleetSide.disconnect();
        }
        if (console != null) {
            console.close();
        }
    }

    @AfterEach
    void stopSubscribers() throws InterruptedException {
        for (Subscriber subscriber : subscribers) {
            subscriber.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mqttv311", "mqttv5"})
    void mosquittoPub_toGrantedTopics_reachesTheFleet(String version) throws Exception {
        Login device = newDevice();

        assertThat(mosquitto.publish(version, device, "factory/line1/7/button", "pressed " + version).exitCode())
                .isZero();
        assertThat(mosquitto.publish(version, device, "taskrunner/v1/agents/agent-x/trigger/open-door",
                "{\"door\":3} " + version).exitCode()).isZero();

        awaitReceived("factory/line1/7/button pressed " + version);
        awaitReceived("taskrunner/v1/agents/agent-x/trigger/open-door {\"door\":3} " + version);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mqttv311", "mqttv5"})
    void mosquittoPub_toTopicsNotGranted_neverReachesTheFleet(String version) throws Exception {
        Login device = newDevice();
        String forbidden = "forbidden " + device.user();

        // MQTT 5 answers "not authorized" and carries on; MQTT 3.1.1 has no such answer and closes the connection
        mosquitto.publish(version, device, "factory/line2/7/button", forbidden);
        mosquitto.publish(version, device, "taskrunner/v1/agents/agent-x/commands", forbidden);
        mosquitto.publish(version, device, "taskrunner/v1/agents/agent-x/trigger/a/b", forbidden);
        assertThat(mosquitto.publish(version, device, "factory/line1/8/button", "marker " + device.user()).exitCode())
                .isZero();

        awaitReceived("factory/line1/8/button marker " + device.user());
        assertThat(received).noneMatch(message -> message.endsWith(forbidden));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mqttv311", "mqttv5"})
    void mosquittoPub_withAWrongPassword_failsAndDeliversNothing(String version) throws Exception {
        Login device = newDevice();
        Login wrong = new Login(device.user(), device.password() + "x");

        Result result = mosquitto.publish(version, wrong, "factory/line1/7/button", "guessed " + device.user());

        assertThat(result.exitCode()).as(result.output()).isNotZero();
        mosquitto.publish(version, device, "factory/line1/7/button", "marker " + device.user());
        awaitReceived("factory/line1/7/button marker " + device.user());
        assertThat(received).noneMatch(message -> message.endsWith("guessed " + device.user()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mqttv311", "mqttv5"})
    void aDisabledCredential_isRefused_untilEnabledAgain(String version) throws Exception {
        Login device = newDevice();
        assertThat(mosquitto.publish(version, device, "factory/line1/7/button", "before").exitCode()).isZero();

        console.devices().setEnabled(device.user(), false).join();
        Result refused = mosquitto.publish(version, device, "factory/line1/7/button", "disabled " + device.user());

        assertThat(refused.exitCode()).as(refused.output()).isNotZero();
        console.devices().setEnabled(device.user(), true).join();
        assertThat(mosquitto.publish(version, device, "factory/line1/7/button", "enabled " + device.user())
                .exitCode()).isZero();
        awaitReceived("factory/line1/7/button enabled " + device.user());
        assertThat(received).noneMatch(message -> message.endsWith("disabled " + device.user()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mqttv311", "mqttv5"})
    void mosquittoSub_receivesRepliesOnItsReplyTopicsAndInbox(String version) throws Exception {
        Login device = newDevice();
        String inbox = "taskrunner/v1/devices/" + device.user() + "/r1";
        Subscriber subscriber = subscribe(version, device, "factory/line1/+/button/reply",
                "taskrunner/v1/agents/agent-x/trigger/+/reply", "taskrunner/v1/devices/" + device.user() + "/#");

        awaitSubscribed(subscriber, "factory/line1/7/button/reply");
        publishFromTheFleet(inbox, "inbox " + version);
        publishFromTheFleet("taskrunner/v1/agents/agent-x/trigger/open-door/reply", "opened " + version);

        subscriber.awaitMessage(inbox, "inbox " + version);
        subscriber.awaitMessage("taskrunner/v1/agents/agent-x/trigger/open-door/reply", "opened " + version);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mqttv311", "mqttv5"})
    void mosquittoSub_onTopicsNotGranted_receivesNothing(String version) throws Exception {
        Login device = newDevice();
        Login other = newDevice();
        List<String> forbidden = List.of("factory/line2/7/button/reply", "factory/line1/7/button",
                "taskrunner/v1/agents/agent-x/commands", "taskrunner/v1/devices/" + other.user() + "/r1");
        List<String> filters = new ArrayList<>(List.of("factory/line2/+/button/reply", "factory/line1/+/button",
                "taskrunner/v1/agents/agent-x/commands", "taskrunner/v1/devices/" + other.user() + "/#", "#"));
        filters.add("factory/line1/9/button/reply");
        Subscriber subscriber = subscribe(version, device, filters.toArray(String[]::new));

        awaitSubscribed(subscriber, "factory/line1/9/button/reply");
        for (String topic : forbidden) {
            publishFromTheFleet(topic, "secret " + version);
        }
        publishFromTheFleet("factory/line1/9/button/reply", "marker " + version);

        subscriber.awaitMessage("factory/line1/9/button/reply", "marker " + version);
        assertThat(subscriber.output()).doesNotContain("secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mqttv311", "mqttv5"})
    void aWill_isPublishedOnlyToAGrantedTopic(String version) throws Exception {
        Login device = newDevice();
        Login sameDevice = new Login(device.user(), device.password(), device.user() + "-granted-will");
        String inbox = "taskrunner/v1/devices/" + device.user() + "/#";
        Subscriber forbiddenWill = subscribeWithWill(version, device, "taskrunner/v1/agents/agent-x/commands",
                "will " + device.user(), inbox);
        awaitSubscribed(forbiddenWill, "taskrunner/v1/devices/" + device.user() + "/probe");
        Subscriber grantedWill = subscribeWithWill(version, sameDevice, "factory/line1/7/button",
                "granted will " + device.user(), inbox);
        awaitSubscribed(grantedWill, "taskrunner/v1/devices/" + device.user() + "/probe");

        ListAppender<ILoggingEvent> brokerLog = new ListAppender<>();
        Logger securityLog = (Logger) LoggerFactory.getLogger(CertificateSecurityManager.class);
        brokerLog.start();
        securityLog.addAppender(brokerLog);
        try {
            forbiddenWill.kill();
            grantedWill.kill();

            // the broker checks a will like any publish, when the connection is lost
            await("the forbidden will refused").atMost(WAIT).until(() -> List.copyOf(brokerLog.list).stream()
                    .map(ILoggingEvent::getFormattedMessage).anyMatch(line -> line.equals(
                            "Denied SEND on taskrunner.v1.agents.agent-x.commands to device " + device.user())));
        } finally {
            securityLog.detachAppender(brokerLog);
        }
        awaitReceived("factory/line1/7/button granted will " + device.user());
        assertThat(received).filteredOn(message -> message.endsWith(" will " + device.user()))
                .containsExactly("factory/line1/7/button granted will " + device.user());
    }

    @Test
    void disablingACredential_closesItsOpenConnections() throws Exception {
        Login device = newDevice();
        Subscriber subscriber = subscribe("mqttv5", device, "taskrunner/v1/devices/" + device.user() + "/#");
        awaitSubscribed(subscriber, "taskrunner/v1/devices/" + device.user() + "/probe");

        console.devices().setEnabled(device.user(), false).join();

        // its connection is closed; mosquitto_sub connects again, is refused and gives up
        await("mosquitto_sub ending").atMost(WAIT).until(subscriber::hasEnded);
        assertThat(subscriber.output()).containsAnyOf("Bad User Name or Password", "not authorised");
    }

    @Test
    void devices_cannotTakeTheClientIdOfTheConsoleOrAnAgent() throws Exception {
        Login device = newDevice();

        for (String taken : List.of("console", "agent-x")) {
            Result result = mosquitto.publish("mqttv5", new Login(device.user(), device.password(), taken),
                    "factory/line1/7/button", "as " + taken);
            assertThat(result.exitCode()).as(taken + ": " + result.output()).isNotZero();
        }
        assertThat(console.isConnected()).isTrue();
        Result own = mosquitto.publish("mqttv311", new Login(device.user(), device.password(), device.user()),
                "factory/line1/7/button", "as itself " + device.user());
        assertThat(own.exitCode()).as(own.output()).isZero();
        awaitReceived("factory/line1/7/button as itself " + device.user());
        assertThat(received).noneMatch(message -> message.contains(" as console") || message.contains(" as agent-x"));
    }

    @Test
    void deviceNamesAndAgentIds_stayApart() throws Exception {
        Login device = newDevice();

        assertThatThrownBy(() -> console.enrolment().enrol(device.user()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("device credential");
        assertThatThrownBy(() -> console.devices().create("agent-x", "", GRANTS).join())
                .isInstanceOf(CompletionException.class).hasMessageContaining("name: 'agent-x' is the id of an agent");
    }

    private static Login newDevice() {
        String name = "button-" + DEVICES.incrementAndGet();
        DevicePassword created = console.devices().create(name, "test device", GRANTS).join();
        return new Login(name, created.password());
    }

    private Subscriber subscribe(String version, Login login, String... filters) throws Exception {
        Subscriber subscriber = mosquitto.subscribe(version, login, filters);
        subscribers.add(subscriber);
        return subscriber;
    }

    private Subscriber subscribeWithWill(String version, Login login, String willTopic, String willPayload,
            String... filters) throws Exception {
        Subscriber subscriber = mosquitto.subscribeWithWill(version, login, willTopic, willPayload, filters);
        subscribers.add(subscriber);
        return subscriber;
    }

    /** Publishes probes on {@code topic} until the subscriber prints one: it is subscribed then. */
    private static void awaitSubscribed(Subscriber subscriber, String topic) {
        await("mosquitto_sub subscribed to " + topic).atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    publishFromTheFleet(topic, "probe");
                    return subscriber.output().lines().anyMatch(line -> line.equals(topic + " probe"));
                });
    }

    private static void publishFromTheFleet(String topic, String payload) {
        fleetSide.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
    }

    private static void awaitReceived(String message) {
        await("the fleet receiving " + message).atMost(WAIT).until(() -> received.contains(message));
    }
}
