package io.taskrunner.console.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.taskrunner.console.service.audit.Actor;
import io.taskrunner.console.service.audit.AuditEntry;
import io.taskrunner.console.service.audit.AuditFilter;
import io.taskrunner.console.service.desired.AgentBundleStatus;
import io.taskrunner.console.service.desired.DefinitionKind;
import io.taskrunner.console.service.desired.DesiredStateService;
import io.taskrunner.console.service.desired.Target;
import io.taskrunner.console.service.keys.KeyRotationStatus;
import io.taskrunner.console.service.pki.IssuedCredential;
import io.taskrunner.console.service.runs.RunRequest;
import io.taskrunner.console.service.runs.RunSnapshot;
import io.taskrunner.protocol.Topics;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.definition.DefinitionSet;
import io.taskrunner.protocol.message.DesiredApplied;
import io.taskrunner.protocol.message.DesiredBundle;
import io.taskrunner.protocol.message.KeyRotated;
import io.taskrunner.protocol.message.MessageBody;
import io.taskrunner.protocol.message.RunState;
import io.taskrunner.protocol.mqtt.MqttClients;
import io.taskrunner.protocol.mqtt.MqttConnectionSettings;
import io.taskrunner.protocol.mqtt.TlsFiles;
import io.taskrunner.protocol.security.CommandSigner;
import io.taskrunner.protocol.security.Ed25519Keys;
import java.nio.charset.StandardCharsets;
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
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real agent through a command-signing key rotation: it takes the new key announced under the old one, confirms,
 * runs what the new key signs, and refuses (and logs) a bundle signed with the rotated-out key while it keeps
 * serving.
 */
class KeyRotationIT {
    private static final Duration WAIT = ConsoleAndAgent.WAIT;
    private static final String AGENT = ConsoleAndAgent.AGENT_ID;

    @TempDir
    Path dir;

    private final MessageCodec codec = new MessageCodec();

    @Test
    void rotate_agentConfirms_newKeyRuns_andABundleUnderTheOldKeyIsRefusedWhileTheAgentKeepsServing()
            throws Exception {
        try (ConsoleAndAgent fixture = ConsoleAndAgent.start(dir, null)) {
            DesiredStateService desired = fixture.console().desired();
            desired.putJson(DefinitionKind.TASK, """
                    {"name": "hello", "type": "command", "spec": {"program": "true", "args": []}}""");
            desired.assign(DefinitionKind.TASK, "hello", Target.ALL);
            desired.deploy().join();
            await("bundle 1 applied").atMost(WAIT).until(() -> bundleStatus(desired).appliedVersion() == 1);
            Path pki = fixture.console().paths().pkiDir();
            KeyPair oldKey = new KeyPair(Ed25519Keys.publicKeyFromBase64(Files.readString(pki.resolve("signing.pub"))),
                    Ed25519Keys.privateKeyFromPem(Files.readString(pki.resolve("signing.key.pem"))));
            String oldKeyId = Ed25519Keys.keyId(oldKey.getPublic());

            KeyRotationStatus started = fixture.console().keyRotation().rotate().join();

            String newKeyId = started.currentKeyId();
            assertThat(newKeyId).isNotEqualTo(oldKeyId);
            assertThat(started.previousKeyId()).isEqualTo(oldKeyId);
            await("the agent confirms").atMost(WAIT).until(() -> !fixture.console().keyRotation().status()
                    .inProgress());
            assertThat(fixture.console().keyRotation().status().agents()).singleElement()
                    .satisfies(agent -> assertThat(agent.confirmed()).isTrue());
            assertThat(events(fixture, "key.rotated", KeyRotated.class))
                    .containsExactly(new KeyRotated(newKeyId, oldKeyId));
            assertThat(pki.resolve("signing-previous.key.pem")).as("the old key is retired").doesNotExist();
            assertThat(Files.readString(fixture.agentDir().resolve("agent.json")))
                    .contains(Files.readString(pki.resolve("signing.pub")).strip());

            assertThat(runTrue(fixture).state()).as("a command signed with the new key runs")
                    .isEqualTo(RunState.SUCCEEDED);

            publishDesired(fixture, new CommandSigner(oldKey, codec, Clock.systemUTC())
                    .sign(new DesiredBundle(99, DefinitionSet.EMPTY), AGENT, Duration.ofMinutes(5)).wire());

            await("the old-key bundle is refused").atMost(WAIT).until(() -> events(fixture, "desired.applied",
                    DesiredApplied.class).stream().anyMatch(answer -> !answer.applied()
                            && "keyId".equals(answer.field())));
            fixture.awaitAgentLog("refused a desired bundle", 1);
            assertThat(fixture.agentLog()).contains(oldKeyId);
            assertThat(bundleStatus(desired).appliedVersion()).isEqualTo(1);
            assertThat(ProcessHandle.of(fixture.agent().pid()).map(ProcessHandle::isAlive)).contains(true);
            assertThat(runTrue(fixture).state()).as("the agent keeps serving").isEqualTo(RunState.SUCCEEDED);

            List<AuditEntry> rotations = fixture.console().audit().list(AuditFilter.all()
                    .byAction("signing-key.rotate"));
            assertThat(rotations).singleElement().satisfies(entry -> {
                assertThat(entry.actor()).isEqualTo(Actor.osUser());
                assertThat(entry.outcome()).isEqualTo(AuditEntry.OK);
                assertThat(entry.details()).contains(newKeyId).contains(oldKeyId);
            });
        }
    }

    private RunSnapshot runTrue(ConsoleAndAgent fixture) {
        UUID runId = fixture.console().runs().start(new RunRequest(AGENT, List.of("true"), null, Map.of(),
                Duration.ofSeconds(30))).join();
        return fixture.awaitFinished(runId);
    }

    /** Publishes as someone holding a console TLS certificate but not the current signing key. */
    private void publishDesired(ConsoleAndAgent fixture, byte[] wire) throws Exception {
        Path certs = Files.createDirectories(dir.resolve("old-key-holder"));
        IssuedCredential credential = fixture.console().certificateAuthority().issueClientCertificate("console",
                Duration.ofDays(1));
        Files.writeString(certs.resolve("ca.cert.pem"), fixture.console().certificateAuthority().certificatePem());
        Files.writeString(certs.resolve("client.cert.pem"), credential.certificatePem());
        Files.writeString(certs.resolve("client.key.pem"), credential.privateKeyPem());
        Mqtt5BlockingClient client = MqttClients.builder(new MqttConnectionSettings("localhost",
                fixture.console().brokerPort(), "console-old-key", TlsFiles.in(certs), null, null, null))
                .buildBlocking();
        client.connect();
        try {
            client.publishWith().topic(new Topics(Topics.DEFAULT_PREFIX).desired(AGENT)).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(wire).send();
        } finally {
            client.disconnect();
        }
    }

    private <T extends MessageBody> List<T> events(ConsoleAndAgent fixture, String type, Class<T> body)
            throws Exception {
        try (Connection connection = fixture.console().dataSource().getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT payload FROM agent_events WHERE agent_id = ? AND type = ? ORDER BY seq")) {
            query.setString(1, AGENT);
            query.setString(2, type);
            List<T> found = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.add(codec.decode(rows.getString(1).getBytes(StandardCharsets.UTF_8), body).body());
                }
            }
            return found;
        }
    }

    private static AgentBundleStatus bundleStatus(DesiredStateService desired) {
        return desired.status().stream().filter(status -> status.agentId().equals(AGENT)).findFirst().orElseThrow();
    }
}
