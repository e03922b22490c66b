package io.taskrunner.agent.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.agent.config.AgentPaths;
import io.taskrunner.agent.config.AgentSettings;
import io.taskrunner.agent.config.ConsoleKeys;
import io.taskrunner.agent.config.SettingsFile;
import io.taskrunner.agent.desired.DesiredStateApplier;
import io.taskrunner.agent.desired.DesiredStateFile;
import io.taskrunner.agent.engine.DefinitionRegistry;
import io.taskrunner.agent.events.EventLog;
import io.taskrunner.agent.store.AgentStore;
import io.taskrunner.agent.transport.OutboxSender;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.definition.CommandTask;
import io.taskrunner.protocol.definition.DefinitionSet;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.message.AckCommand;
import io.taskrunner.protocol.message.CommandRejected;
import io.taskrunner.protocol.message.DesiredApplied;
import io.taskrunner.protocol.message.DesiredBundle;
import io.taskrunner.protocol.message.KeyRotateCommand;
import io.taskrunner.protocol.message.KeyRotated;
import io.taskrunner.protocol.message.MessageBody;
import io.taskrunner.protocol.security.CommandSigner;
import io.taskrunner.protocol.security.CommandVerifier;
import io.taskrunner.protocol.security.Ed25519Keys;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key rotation on the agent, with a real store, a real {@code agent.json}, the real verifiers and the real handler:
 * a new key counts only when announced under the key trusted now, and from then on the old one is refused for
 * commands and bundles alike.
 */
class KeyRotationTest {
    private static final String AGENT = "press-pc-7";
    private static final Duration LIFETIME = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    private final Clock clock = Clock.systemUTC();
    private final MessageCodec codec = new MessageCodec();
    private final KeyPair oldKey = Ed25519Keys.generate();
    private final KeyPair newKey = Ed25519Keys.generate();
    private final CommandSigner oldSigner = new CommandSigner(oldKey, codec, clock);
    private final CommandSigner newSigner = new CommandSigner(newKey, codec, clock);
    private final List<MessageBody> recorded = new CopyOnWriteArrayList<>();
    private AgentPaths paths;
    private AgentStore store;
    private ConsoleKeys consoleKeys;
    private OutboxSender outbox;
    private CommandHandler handler;
    private DefinitionRegistry registry;
    private DesiredStateApplier desired;

    @BeforeEach
    void start() {
        paths = new AgentPaths(dir);
        new SettingsFile().write(paths, AgentSettings.of(AGENT, "console.example", 8883, null,
                Ed25519Keys.publicKeyBase64(oldKey.getPublic())));
        store = AgentStore.open(paths.storeFile());
        EventLog events = new EventLog(store.outbox(), codec, clock);
        events.observe(recorded::add);
        consoleKeys = ConsoleKeys.load(paths, new SettingsFile().read(paths));
        outbox = new OutboxSender(store.outbox(), payload -> CompletableFuture.completedFuture(null), 16, clock);
        // key rotation and acknowledgements never reach the run engine
        handler = new CommandHandler(new CommandVerifier(consoleKeys, AGENT, codec, store.nonces()::remember, clock),
                store.processedCommands(), null, outbox, events, Set::of, consoleKeys);
        registry = new DefinitionRegistry();
        desired = new DesiredStateApplier(new CommandVerifier(consoleKeys, AGENT, codec, store.nonces()::remember,
                clock), registry, new DesiredStateFile(paths.desiredFile(), codec), events);
        desired.start();
    }

    @AfterEach
    void stop() {
        outbox.close();
        store.close();
    }

    @Test
    void keyRotate_announcedUnderTheCurrentKey_isStored_confirmed_andTheNewKeyIsAccepted() {
        handler.handle(oldSigner.sign(announce(newKey), AGENT, LIFETIME).wire());

        assertThat(recorded).containsExactly(new KeyRotated(keyId(newKey), keyId(oldKey)));
        assertThat(consoleKeys.keyId()).isEqualTo(keyId(newKey));
        assertThat(new SettingsFile().read(paths).consoleSigningKey()).as("agent.json keeps it across a restart")
                .isEqualTo(Ed25519Keys.publicKeyBase64(newKey.getPublic()));
        assertThat(ConsoleKeys.load(paths, new SettingsFile().read(paths)).keyId()).isEqualTo(keyId(newKey));

        handler.handle(newSigner.sign(new AckCommand(1, false), AGENT, LIFETIME).wire());

        assertThat(outbox.acknowledgedSeq()).as("a command under the new key is acted on").isEqualTo(1);
        assertThat(recorded).noneMatch(CommandRejected.class::isInstance);
    }

    @Test
    void keyRotate_signedWithAnUnknownKey_isRefused_andTheTrustedKeyStays() {
        KeyPair stranger = Ed25519Keys.generate();

        handler.handle(new CommandSigner(stranger, codec, clock).sign(announce(stranger), AGENT, LIFETIME).wire());

        assertThat(rejections()).extracting(CommandRejected::field).containsExactly("keyId");
        assertThat(consoleKeys.keyId()).isEqualTo(keyId(oldKey));
        assertThat(new SettingsFile().read(paths).consoleSigningKey())
                .isEqualTo(Ed25519Keys.publicKeyBase64(oldKey.getPublic()));
        assertThat(recorded).noneMatch(KeyRotated.class::isInstance);
    }

    @Test
    void keyRotate_whoseKeyIdDoesNotMatchItsKey_isRefused_andTheTrustedKeyStays() {
        KeyRotateCommand mismatched = new KeyRotateCommand(keyId(oldKey),
                Ed25519Keys.publicKeyBase64(newKey.getPublic()), clock.millis());

        handler.handle(oldSigner.sign(mismatched, AGENT, LIFETIME).wire());

        assertThat(rejections()).singleElement().satisfies(rejected -> {
            assertThat(rejected.field()).isEqualTo("body.publicKey");
            assertThat(rejected.reason()).contains("is not the id of the announced key");
        });
        assertThat(consoleKeys.keyId()).isEqualTo(keyId(oldKey));
    }

    @Test
    void afterRotation_aCommandSignedWithTheOldKey_isRefused() {
        handler.handle(oldSigner.sign(announce(newKey), AGENT, LIFETIME).wire());

        handler.handle(oldSigner.sign(new AckCommand(1, false), AGENT, LIFETIME).wire());

        assertThat(rejections()).singleElement().satisfies(rejected -> {
            assertThat(rejected.field()).isEqualTo("keyId");
            assertThat(rejected.reason()).contains(keyId(oldKey));
        });
        assertThat(outbox.acknowledgedSeq()).as("nothing was acted on").isZero();
    }

    @Test
    void afterRotation_aBundleSignedWithTheOldKey_isRefused_andTheBundleInForceStays() {
        desired.received(oldSigner.sign(bundle(1, "backup"), AGENT, LIFETIME).wire());
        handler.handle(oldSigner.sign(announce(newKey), AGENT, LIFETIME).wire());

        desired.received(oldSigner.sign(bundle(2, "wipe"), AGENT, LIFETIME).wire());

        assertThat(registry.task("wipe")).isEmpty();
        assertThat(registry.task("backup")).isPresent();
        assertThat(desired.appliedVersion()).isEqualTo(1);
        assertThat(answers()).last().extracting(DesiredApplied::applied, DesiredApplied::field)
                .containsExactly(false, "keyId");

        desired.received(newSigner.sign(bundle(2, "backup-v2"), AGENT, LIFETIME).wire());

        assertThat(desired.appliedVersion()).as("the same bundle re-signed with the new key").isEqualTo(2);
    }

    @Test
    void afterRotation_aSecondAnnouncementUnderTheOldKey_isRefused() {
        KeyPair third = Ed25519Keys.generate();
        handler.handle(oldSigner.sign(announce(newKey), AGENT, LIFETIME).wire());

        handler.handle(oldSigner.sign(announce(third), AGENT, LIFETIME).wire());

        assertThat(rejections()).extracting(CommandRejected::field).containsExactly("keyId");
        assertThat(consoleKeys.keyId()).isEqualTo(keyId(newKey));
    }

    private KeyRotateCommand announce(KeyPair next) {
        return new KeyRotateCommand(keyId(next), Ed25519Keys.publicKeyBase64(next.getPublic()), clock.millis());
    }

    private List<CommandRejected> rejections() {
        return recorded.stream().filter(CommandRejected.class::isInstance).map(CommandRejected.class::cast).toList();
    }

    private List<DesiredApplied> answers() {
        return recorded.stream().filter(DesiredApplied.class::isInstance).map(DesiredApplied.class::cast).toList();
    }

    private static String keyId(KeyPair keys) {
        return Ed25519Keys.keyId(keys.getPublic());
    }

    private static DesiredBundle bundle(long version, String task) {
        return new DesiredBundle(version, new DefinitionSet(List.of(TaskDefinition.of(task, new CommandTask(
                "/bin/true", List.of()))), null, null));
    }
}
