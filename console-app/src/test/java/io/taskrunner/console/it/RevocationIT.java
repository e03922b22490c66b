package io.taskrunner.console.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientSslConfigBuilder;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.taskrunner.console.core.ConsoleCore;
import io.taskrunner.console.core.ConsoleOptions;
import io.taskrunner.console.service.audit.AuditEntry;
import io.taskrunner.console.service.audit.AuditFilter;
import io.taskrunner.console.service.fleet.AgentSnapshot;
import io.taskrunner.console.service.pki.CertificateAuthority;
import io.taskrunner.console.service.pki.IssuedCredential;
import io.taskrunner.console.service.pki.KeyStores;
import io.taskrunner.console.service.pki.Pem;
import io.taskrunner.console.service.runs.RunRequest;
import io.taskrunner.protocol.enrol.EnrolmentBundle;
import io.taskrunner.protocol.message.RunState;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Removing an agent revokes its certificate: the embedded broker closes its session at once and refuses it from then
 * on, while it keeps serving every other agent. Clients without a certificate, with one from another CA or with an
 * expired one are refused and logged the same way.
 */
class RevocationIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String REMOVED = "agent-gone";
    private static final String KEPT = "agent-kept";

    @TempDir
    Path dir;

    private ConsoleCore console;
    private AgentProcess removedAgent;
    private AgentProcess keptAgent;
    private BigInteger removedSerial;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger rootLogger = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void start() throws Exception {
        log.start();
        rootLogger.addAppender(log);
        console = ConsoleCore.start(ConsoleOptions.embedded(dir.resolve("console"), "127.0.0.1", FreePorts.next()),
                Clock.systemUTC());
        removedSerial = enrol(REMOVED).getSerialNumber();
        enrol(KEPT);
        removedAgent = new AgentProcess(dir.resolve(REMOVED)).start();
        keptAgent = new AgentProcess(dir.resolve(KEPT)).start();
        awaitOnline(REMOVED);
        awaitOnline(KEPT);
    }

    @AfterEach
    void stop() throws Exception {
        rootLogger.detachAppender(log);
        try {
            for (AgentProcess agent : new AgentProcess[] {removedAgent, keptAgent}) {
                if (agent != null) {
                    agent.stop();
                }
            }
        } finally {
            if (console != null) {
                console.close();
            }
        }
    }

    @Test
    void removingAnAgent_closesItsSessionAtOnce_refusesItsReconnects_andKeepsServingTheOthers() throws Exception {
        int disconnectsBefore = count(removedAgent.log(), "disconnected from");

        assertThat(console.fleet().removeAgent(REMOVED)).isTrue();

        assertThat(console.fleet().agent(REMOVED)).isEmpty();
        assertThat(console.audit().list(AuditFilter.all())).anySatisfy(entry -> {
            assertThat(entry.action()).isEqualTo("fleet.remove-agent");
            assertThat(entry.target()).isEqualTo("agent:" + REMOVED);
            assertThat(entry.outcome()).isEqualTo(AuditEntry.OK);
        });
        // at once: closed by the broker, not left until the agent's next keep-alive
        await("the removed agent disconnected").atMost(Duration.ofSeconds(5))
                .until(() -> count(removedAgent.log(), "disconnected from") > disconnectsBefore);
        // it keeps trying (it does not know why) and every attempt is refused and logged with agent and serial
        String refusal = "certificate serial " + removedSerial.toString(16) + " of agent " + REMOVED + " was revoked";
        await("three refused reconnects").atMost(WAIT).until(() -> count(messages(Level.WARN), refusal) >= 3
                && count(removedAgent.log(), "CONNACK contained an Error Code") >= 3);

        assertThat(revokedInDatabase(removedSerial)).isEqualTo(REMOVED + " agent-removed");
        X509CRL crl = Pem.readCrl(Files.readString(console.paths().crlFile()));
        crl.verify(console.certificateAuthority().certificate().getPublicKey());
        assertThat(crl.getRevokedCertificate(removedSerial)).as("CRL entry").isNotNull();
        assertKeptAgentServes();
    }

    @Test
    void clientWithoutCertificate_isRefusedAndLogged_andTheBrokerKeepsServing() throws Exception {
        Mqtt5BlockingClient anonymous = client("anonymous", null, console.certificateAuthority().certificate());

        assertThatThrownBy(anonymous::connect).isInstanceOf(RuntimeException.class);
        await("refusal logged").atMost(WAIT).until(() -> messages(Level.WARN).stream()
                .anyMatch(line -> line.contains("neither a client certificate nor a user name")));
        assertKeptAgentServes();
    }

    @Test
    void clientWithCertificateFromAnotherCa_isRefusedAndLogged_andTheBrokerKeepsServing() throws Exception {
        CertificateAuthority stranger = CertificateAuthority.loadOrCreate(dir.resolve("other-ca"), "Other CA");
        // the name of an agent the broker knows: only the issuer tells them apart
        Mqtt5BlockingClient impostor = client(KEPT, stranger.issueClientCertificate(KEPT, Duration.ofDays(1)),
                console.certificateAuthority().certificate());

        assertThatThrownBy(impostor::connect).isInstanceOf(RuntimeException.class);
        awaitHandshakeRefusalLogged("unable to find valid certification path");
        assertKeptAgentServes();
    }

    @Test
    void clientWithExpiredCertificate_isRefusedAndLogged_andTheBrokerKeepsServing() throws Exception {
        // the console's own CA, issuing as if it were two days ago: the certificate expired a day ago
        Clock twoDaysAgo = Clock.fixed(Instant.now().minus(Duration.ofDays(2)), ZoneOffset.UTC);
        CertificateAuthority pastCa = CertificateAuthority.loadOrCreate(console.paths().pkiDir(),
                ConsoleCore.CA_NAME, twoDaysAgo);
        IssuedCredential expired = pastCa.issueClientCertificate(KEPT, Duration.ofDays(1));
        assertThat(expired.certificate().getNotAfter().toInstant()).isBefore(Instant.now());
        Mqtt5BlockingClient late = client(KEPT, expired, console.certificateAuthority().certificate());

        assertThatThrownBy(late::connect).isInstanceOf(RuntimeException.class);
        awaitHandshakeRefusalLogged("CertificateExpiredException");
        assertKeptAgentServes();
    }

    private X509Certificate enrol(String agentId) throws Exception {
        Path bundle = dir.resolve(agentId + ".bundle.json");
        EnrolmentBundle issued = console.enrolment().enrolToFile(agentId, bundle);
        AgentProcess.enroll(bundle, dir.resolve(agentId));
        return Pem.readCertificate(issued.clientCertificatePem());
    }

    private void awaitOnline(String agentId) {
        await(agentId + " online").atMost(WAIT).until(() -> console.fleet().agent(agentId)
                .map(AgentSnapshot::online).orElse(false));
    }

    /** The kept agent is still online and still runs what the console sends it. */
    private void assertKeptAgentServes() {
        assertThat(console.embeddedBroker().orElseThrow().isRunning()).isTrue();
        UUID runId = console.runs().start(new RunRequest(KEPT, List.of("sh", "-c", "echo still-serving"), null,
                null, Duration.ofSeconds(30))).join();
        await("a run on " + KEPT).atMost(WAIT).until(() -> console.runs().run(runId)
                .map(run -> run.state() == RunState.SUCCEEDED).orElse(false));
        assertThat(console.fleet().agent(KEPT).orElseThrow().online()).isTrue();
    }

    /** Artemis logs a refused TLS handshake as AMQ222208 with the cause, e.g. the failed path validation. */
    private void awaitHandshakeRefusalLogged(String cause) {
        await("handshake refusal logged").atMost(WAIT).until(() -> messages(Level.WARN).stream()
                .anyMatch(line -> line.startsWith("AMQ222208") && line.contains(cause)));
    }

    private Mqtt5BlockingClient client(String clientId, IssuedCredential credential, X509Certificate trusted) {
        MqttClientSslConfigBuilder tls = MqttClientSslConfig.builder()
                .trustManagerFactory(KeyStores.trustManagerFactory(trusted));
        if (credential != null) {
            // presented even when the broker asks for certificates of another issuer, as an attacker would
            tls = tls.keyManagerFactory(AlwaysPresentingKeyManager.factory(KeyStores.keyManagerFactory(credential)));
        }
        return MqttClient.builder().useMqttVersion5().identifier(clientId).serverHost("localhost")
                .serverPort(console.brokerPort()).sslConfig(tls.build()).buildBlocking();
    }

    private String revokedInDatabase(BigInteger serial) throws Exception {
        try (Connection connection = console.dataSource().getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT agent_id, reason FROM revoked_certificates WHERE serial = ?")) {
            query.setString(1, serial.toString(16));
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) + " " + rows.getString(2) : null;
            }
        }
    }

    private List<String> messages(Level level) {
        return List.copyOf(log.list).stream().filter(event -> event.getLevel().isGreaterOrEqual(level))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static int count(List<String> lines, String text) {
        return (int) lines.stream().filter(line -> line.contains(text)).count();
    }

    private static int count(String text, String part) {
        int found = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            found++;
        }
        return found;
    }
}
