package io.taskrunner.console.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.taskrunner.console.core.ConsoleCore;
import io.taskrunner.console.core.ConsoleOptions;
import io.taskrunner.console.service.fleet.AgentSnapshot;
import io.taskrunner.console.service.pki.IssuedCredential;
import io.taskrunner.protocol.Topics;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.message.CommandRejected;
import io.taskrunner.protocol.message.Envelope;
import io.taskrunner.protocol.message.RunCommand;
import io.taskrunner.protocol.message.SignedMessage;
import io.taskrunner.protocol.mqtt.MqttClients;
import io.taskrunner.protocol.mqtt.MqttConnectionSettings;
import io.taskrunner.protocol.mqtt.PemTls;
import io.taskrunner.protocol.mqtt.TlsFiles;
import io.taskrunner.protocol.security.CommandSigner;
import io.taskrunner.protocol.security.Ed25519Keys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whoever can publish to an agent's commands topic still cannot make it run anything the console did not sign,
 * sign for this agent, and sign recently; a captured command cannot be played again.
 */
class CommandSecurityIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final MessageCodec codec = new MessageCodec();
    private ConsoleCore console;
    private AgentProcess agent;
    private Mqtt5BlockingClient intruder;
    private CommandSigner consoleSigner;
    private Path marker;

    @BeforeEach
    void start() throws Exception {
        console = ConsoleCore.start(ConsoleOptions.embedded(dir.resolve("console"), "127.0.0.1", FreePorts.next()),
                Clock.systemUTC());
        Path bundle = dir.resolve("bundle.json");
        console.enrolment().enrolToFile("agent-s", bundle);
        AgentProcess.enroll(bundle, dir.resolve("agent"));
        agent = new AgentProcess(dir.resolve("agent")).start();
        await().atMost(WAIT).until(() -> console.fleet().agent("agent-s").map(AgentSnapshot::online).orElse(false));

        // someone holding a copy of the console's TLS certificate (so the broker lets it publish to the agent's
        // commands topic; an agent's certificate would not) but not the console's signing key
        Path certs = Files.createDirectories(dir.resolve("intruder"));
        IssuedCredential credential = console.certificateAuthority().issueClientCertificate("console",
                Duration.ofDays(1));
        Files.writeString(certs.resolve("ca.cert.pem"), console.certificateAuthority().certificatePem());
        Files.writeString(certs.resolve("client.cert.pem"), credential.certificatePem());
        Files.writeString(certs.resolve("client.key.pem"), credential.privateKeyPem());
        intruder = MqttClients.builder(new MqttConnectionSettings("localhost", console.brokerPort(), "console-copy",
                TlsFiles.in(certs), null, null, null)).buildBlocking();
        intruder.connect();

        Path pki = console.paths().pkiDir();
        KeyPair consoleKeys = new KeyPair(Ed25519Keys.publicKeyFromBase64(Files.readString(pki.resolve("signing.pub"))),
                Ed25519Keys.privateKeyFromPem(Files.readString(pki.resolve("signing.key.pem"))));
        consoleSigner = new CommandSigner(consoleKeys, codec, Clock.systemUTC());
        marker = dir.resolve("marker.txt");
    }

    @AfterEach
    void stop() throws Exception {
        if (intruder != null) {
            intruder.disconnect();
        }
        if (agent != null) {
            agent.stop();
        }
        if (console != null) {
            console.close();
        }
    }

    @Test
    void tamperedCommand_isRejectedForItsSignature_andNothingRuns() throws Exception {
        byte[] genuine = consoleSigner.sign(appendToMarker(), "agent-s", Duration.ofMinutes(5)).wire();
        SignedMessage signed = codec.decode(genuine, SignedMessage.class).body();
        String forged = signed.payload().replace("\"ran\"", "\"pwned\"");
        assertThat(forged).isNotEqualTo(signed.payload());
        publish(codec.encode(Envelope.report(new SignedMessage(forged, signed.signature(), signed.keyId()),
                Clock.systemUTC())));

        assertThat(awaitRejection("signature").reason()).contains("signature");
        assertThat(marker).doesNotExist();
    }

    @Test
    void commandSignedByAnotherKey_isRejected_andNothingRuns() throws Exception {
        CommandSigner stranger = new CommandSigner(Ed25519Keys.generate(), codec, Clock.systemUTC());
        publish(stranger.sign(appendToMarker(), "agent-s", Duration.ofMinutes(5)).wire());

        awaitRejection("keyId");
        assertThat(marker).doesNotExist();
    }

    @Test
    void expiredCommand_isRejected_andNothingRuns() throws Exception {
        publish(consoleSigner.sign(appendToMarker(), "agent-s", Duration.ofSeconds(-5)).wire());

        assertThat(awaitRejection("expiresAt").reason()).contains("expired");
        assertThat(marker).doesNotExist();
    }

    @Test
    void replayedCommand_isRejectedForItsNonce_andRunsOnlyOnce() throws Exception {
        byte[] captured = consoleSigner.sign(appendToMarker(), "agent-s", Duration.ofMinutes(5)).wire();
        publish(captured);
        await().atMost(WAIT).until(() -> Files.exists(marker));
        publish(captured);

        assertThat(awaitRejection("nonce").reason()).contains("already used");
        assertThat(Files.readAllLines(marker)).containsExactly("ran");
    }

    @Test
    void clientWithoutCertificate_isRefusedByTheBroker() {
        Mqtt5BlockingClient anonymous = MqttClient.builder().useMqttVersion5().identifier("anonymous")
                .serverHost("localhost").serverPort(console.brokerPort())
                .sslConfig(MqttClientSslConfig.builder()
                        .trustManagerFactory(PemTls.trustManagers(console.paths().pkiDir().resolve("ca.cert.pem")))
                        .build())
                .buildBlocking();
        assertThatThrownBy(anonymous::connect).isInstanceOf(RuntimeException.class);
    }

    private RunCommand appendToMarker() {
        return new RunCommand(UUID.randomUUID(), List.of("sh", "-c", "echo \"$1\" >> \"$2\"", "sh", "ran",
                marker.toString()), null, null, 30, 0);
    }

    private void publish(byte[] payload) {
        intruder.publishWith().topic(new Topics(Topics.DEFAULT_PREFIX).commands("agent-s"))
                .qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();
    }

    private CommandRejected awaitRejection(String field) throws Exception {
        await("command.rejected naming " + field).atMost(WAIT).until(() -> rejections().stream()
                .anyMatch(rejected -> field.equals(rejected.field())));
        return rejections().stream().filter(rejected -> field.equals(rejected.field())).findFirst().orElseThrow();
    }

    private List<CommandRejected> rejections() throws Exception {
        try (Connection connection = console.dataSource().getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT payload FROM agent_events WHERE agent_id = 'agent-s' AND type = 'command.rejected'");
                ResultSet rows = query.executeQuery()) {
            List<CommandRejected> rejected = new ArrayList<>();
            while (rows.next()) {
                rejected.add(codec.decode(rows.getString(1).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        CommandRejected.class).body());
            }
            return rejected;
        }
    }
}
