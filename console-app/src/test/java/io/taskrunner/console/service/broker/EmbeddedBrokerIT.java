package io.taskrunner.console.service.broker;

import static io.taskrunner.console.service.broker.TestMqttClients.WAIT;
import static io.taskrunner.console.service.broker.TestMqttClients.publishQos1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.taskrunner.console.service.pki.BrokerCredentials;
import io.taskrunner.console.service.pki.CertificateAuthority;
import io.taskrunner.console.service.pki.IssuedCredential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class EmbeddedBrokerIT {
    private static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(1);

    @TempDir
    static Path dir;
    private static CertificateAuthority ca;
    private static BrokerCredentials credentials;
    private static EmbeddedBroker broker;

    private TestMqttClients clients;

    @BeforeAll
    static void startBroker() {
        ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), "Test CA");
        credentials = BrokerCredentials.loadOrCreate(dir.resolve("broker-tls"), ca, List.of(), List.of());
        broker = new EmbeddedBroker(BrokerSettings.of("127.0.0.1", 0, dir.resolve("broker-data"), credentials));
        broker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @BeforeEach
    void createClients() {
        clients = new TestMqttClients(ca.certificate());
    }

    @AfterEach
    void disconnectClients() throws Exception {
        clients.closeAll();
    }

    @Test
    void start_withPortZero_listensOnAFreePortUnderTheDataFolder() {
        assertThat(broker.isRunning()).isTrue();
        assertThat(broker.port()).isPositive();
        assertThat(dir.resolve("broker-data")).isDirectoryContaining(path -> path.endsWith("journal"))
                .isDirectoryContaining(path -> path.endsWith("bindings"));
    }

    @Test
    void client_withIssuedCertificate_receivesItsOwnQos1Publish() throws Exception {
        Mqtt5AsyncClient agent = clients.connected(broker.port(), "agent-a", issue("agent-a"));
        Queue<Mqtt5Publish> received = new ConcurrentLinkedQueue<>();
        agent.subscribeWith().topicFilter("taskrunner/v1/agents/agent-a/#").qos(MqttQos.AT_LEAST_ONCE)
                .callback(received::add).send().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        publishQos1(agent, "taskrunner/v1/agents/agent-a/events", "hello", false);

        await().atMost(WAIT).untilAsserted(() -> assertThat(received).extracting(EmbeddedBrokerIT::text)
                .containsExactly("hello"));
        assertThat(received.peek().getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
        assertThat(received.peek().getTopic().toString()).isEqualTo("taskrunner/v1/agents/agent-a/events");
    }

    @Test
    void retainedMessage_isDeliveredToALaterSubscriber() throws Exception {
        Mqtt5AsyncClient agent = clients.connected(broker.port(), "agent-r", issue("agent-r"));
        publishQos1(agent, "taskrunner/v1/agents/agent-r/state", "online", true);

        Mqtt5AsyncClient console = clients.connected(broker.port(), "console-r", issue("console"));
        Queue<Mqtt5Publish> received = new ConcurrentLinkedQueue<>();
        console.subscribeWith().topicFilter("taskrunner/v1/agents/+/state").qos(MqttQos.AT_LEAST_ONCE)
                .callback(received::add).send().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        await().atMost(WAIT).untilAsserted(() -> assertThat(received).extracting(EmbeddedBrokerIT::text)
                .containsExactly("online"));
        assertThat(received.peek().isRetain()).isTrue();
    }

    @Test
    void persistentSession_receivesQos1MessagesPublishedWhileDisconnected() throws Exception {
        IssuedCredential agentCredential = issue("agent-p");
        String topic = "taskrunner/v1/agents/agent-p/commands";
        Mqtt5AsyncClient firstVisit = clients.client(broker.port(), "agent-p", agentCredential);
        firstVisit.connectWith().cleanStart(true).sessionExpiryInterval(3600).send()
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        firstVisit.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send()
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        firstVisit.disconnect().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        Mqtt5AsyncClient console = clients.connected(broker.port(), "console-p", issue("console"));
        publishQos1(console, topic, "run task 1", false);
        publishQos1(console, topic, "run task 2", false);

        Mqtt5AsyncClient secondVisit = clients.client(broker.port(), "agent-p", agentCredential);
        Queue<Mqtt5Publish> received = new ConcurrentLinkedQueue<>();
        secondVisit.publishes(MqttGlobalPublishFilter.ALL, received::add);
        Mqtt5ConnAck connAck = secondVisit.connectWith().cleanStart(false).sessionExpiryInterval(3600).send()
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(connAck.isSessionPresent()).isTrue();
        await().atMost(WAIT).untilAsserted(() -> assertThat(received).extracting(EmbeddedBrokerIT::text)
                .containsExactly("run task 1", "run task 2"));
    }

    @Test
    void sharedSubscription_deliversEachMessageToExactlyOneMemberOfTheGroup() throws Exception {
        String filter = "$share/workers/taskrunner/v1/groups/workers/commands";
        Queue<String> firstReceived = new ConcurrentLinkedQueue<>();
        Queue<String> secondReceived = new ConcurrentLinkedQueue<>();
        for (var member : List.of(new Member("agent-s1", firstReceived), new Member("agent-s2", secondReceived))) {
            Mqtt5AsyncClient agent = clients.connected(broker.port(), member.id(), issue(member.id()));
            agent.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE)
                    .callback(publish -> member.received().add(text(publish)))
                    .send().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        Mqtt5AsyncClient console = clients.connected(broker.port(), "console-s", issue("console"));
        List<String> sent = IntStream.range(0, 10).mapToObj(i -> "job " + i).toList();

        for (String payload : sent) {
            publishQos1(console, "taskrunner/v1/groups/workers/commands", payload, false);
        }

        await().atMost(WAIT).untilAsserted(() -> assertThat(
                Stream.concat(firstReceived.stream(), secondReceived.stream()).toList())
                .containsExactlyInAnyOrderElementsOf(sent));
        assertThat(firstReceived).isNotEmpty();
        assertThat(secondReceived).isNotEmpty();
    }

    @Test
    void client_withoutCertificate_isRefused() {
        Mqtt5AsyncClient anonymous = clients.client(broker.port(), "anonymous", null);

        assertThat(anonymous.connect()).failsWithin(WAIT);
    }

    @Test
    void client_withCertificateFromAnotherCa_isRefused(@TempDir Path otherCaDir) {
        CertificateAuthority otherCa = CertificateAuthority.loadOrCreate(otherCaDir, "Other CA");
        IssuedCredential foreign = otherCa.issueClientCertificate("agent-f", CERTIFICATE_VALIDITY);
        Mqtt5AsyncClient intruder = clients.client(broker.port(), "agent-f", foreign);

        assertThat(intruder.connect()).failsWithin(WAIT);
    }

    @Test
    void client_whoseUserNameDiffersFromItsCertificateCn_isRefused() {
        Mqtt5AsyncClient impostor = clients.client(broker.port(), "agent-u", issue("agent-u"));

        assertThat(impostor.connectWith().simpleAuth().username("agent-victim").applySimpleAuth().send())
                .failsWithin(WAIT);
    }

    @Test
    void client_whoseUserNameEqualsItsCertificateCn_isAccepted() throws Exception {
        Mqtt5AsyncClient agent = clients.client(broker.port(), "agent-n", issue("agent-n"));

        Mqtt5ConnAck connAck = agent.connectWith().simpleAuth().username("agent-n").applySimpleAuth().send()
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(connAck.getReasonCode().isError()).isFalse();
    }

    @Test
    void client_whoseCnCouldWidenATopicRule_isRefused() {
        Mqtt5AsyncClient wildcard = clients.client(broker.port(), "agent-w", issue("agent.#"));

        assertThat(wildcard.connect()).failsWithin(WAIT);
    }

    @Test
    void accessPolicy_whenItDenies_theSubscriptionFails(@TempDir Path otherDataDir) throws Exception {
        AccessPolicy noForbiddenTopics = request -> !request.address().startsWith("forbidden");
        try (EmbeddedBroker guarded = new EmbeddedBroker(
                BrokerSettings.of("127.0.0.1", 0, otherDataDir, credentials),
                new CertificateSecurityManager(noForbiddenTopics))) {
            guarded.start();
            Mqtt5AsyncClient agent = clients.connected(guarded.port(), "agent-g", issue("agent-g"));

            assertThat(agent.subscribeWith().topicFilter("forbidden/topic").qos(MqttQos.AT_LEAST_ONCE).send())
                    .failsWithin(WAIT);
            agent.subscribeWith().topicFilter("allowed/topic").qos(MqttQos.AT_LEAST_ONCE).send()
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Test
    void start_onAPortInUse_failsFastWithoutLoggingTheStorePassword(@TempDir Path otherDataDir) {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        log.start();
        root.addAppender(log);
        try (EmbeddedBroker second = new EmbeddedBroker(
                BrokerSettings.of("127.0.0.1", broker.port(), otherDataDir, credentials))) {
            long startedAt = System.nanoTime();

            assertThatThrownBy(second::start).isInstanceOf(BrokerException.class).hasMessageContaining("in use");

            assertThat(Duration.ofNanos(System.nanoTime() - startedAt)).isLessThan(WAIT);
            assertThat(second.isRunning()).isFalse();
        } finally {
            root.detachAppender(log);
        }
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(message -> message.contains("AMQ224104"))
                .noneMatch(message -> message.contains(credentials.password()));
    }

    @Test
    void stop_freesThePortForANewBrokerThatKeepsRetainedMessages(@TempDir Path restartDataDir) throws Exception {
        EmbeddedBroker first = new EmbeddedBroker(BrokerSettings.of("127.0.0.1", 0, restartDataDir, credentials));
        first.start();
        int port = first.port();
        Mqtt5AsyncClient agent = clients.connected(port, "agent-k", issue("agent-k"));
        publishQos1(agent, "taskrunner/v1/agents/agent-k/state", "still here", true);
        clients.closeAll();

        first.close();
        first.close();

        try (EmbeddedBroker second = new EmbeddedBroker(
                BrokerSettings.of("127.0.0.1", port, restartDataDir, credentials))) {
            second.start();
            assertThat(second.port()).isEqualTo(port);
            Mqtt5AsyncClient console = clients.connected(port, "console-k", issue("console"));
            Queue<Mqtt5Publish> received = new ConcurrentLinkedQueue<>();
            console.subscribeWith().topicFilter("taskrunner/v1/agents/agent-k/state").qos(MqttQos.AT_LEAST_ONCE)
                    .callback(received::add).send().get(WAIT.toSeconds(), TimeUnit.SECONDS);

            await().atMost(WAIT).untilAsserted(() -> assertThat(received).extracting(EmbeddedBrokerIT::text)
                    .containsExactly("still here"));
            clients.closeAll();
        }
    }

    private static IssuedCredential issue(String commonName) {
        return ca.issueClientCertificate(commonName, CERTIFICATE_VALIDITY);
    }

    private static String text(Mqtt5Publish publish) {
        return new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }

    private record Member(String id, Queue<String> received) {
    }
}
