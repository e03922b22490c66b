package io.taskrunner.agent.desired;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.agent.engine.DefinitionRegistry;
import io.taskrunner.agent.events.EventLog;
import io.taskrunner.agent.store.AgentStore;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.definition.CommandTask;
import io.taskrunner.protocol.definition.DefinitionSet;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.definition.TriggerRule;
import io.taskrunner.protocol.message.DesiredApplied;
import io.taskrunner.protocol.message.DesiredBundle;
import io.taskrunner.protocol.message.Envelope;
import io.taskrunner.protocol.security.CommandSigner;
import io.taskrunner.protocol.security.CommandVerifier;
import io.taskrunner.protocol.security.Ed25519Keys;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bundles against a real agent store and a real desired.json: all or nothing, newest wins, kept across restarts. */
class DesiredStateApplierTest {
    private static final String AGENT = "press-pc-7";
    private static final Instant SIGNED_AT = Instant.parse("2026-11-02T08:00:00Z");
    private static final Duration LIFETIME = Duration.ofDays(29);

    @TempDir
    Path dir;

    private final MessageCodec codec = new MessageCodec();
    private final KeyPair consoleKeys = Ed25519Keys.generate();
    private final CommandSigner signer = new CommandSigner(consoleKeys, codec, Clock.fixed(SIGNED_AT, ZoneOffset.UTC));
    private AgentStore store;
    private DefinitionRegistry registry;
    private DesiredStateApplier applier;

    @BeforeEach
    void open() {
        start(SIGNED_AT.plusSeconds(5));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void received_appliesAValidBundle_andReportsIt() {
        applier.received(sign(bundle(1, "backup")));

        assertThat(registry.task("backup")).isPresent();
        assertThat(applier.appliedVersion()).isEqualTo(1);
        assertThat(reports()).containsExactly(new DesiredApplied(1, true, null, null));
    }

    @Test
    void received_takesTheBundlesGroups_tellsListenersBeforeReporting_andKeepsThemAcrossARestart() {
        List<Set<String>> told = new ArrayList<>();
        applier.onGroupsChanged(groups -> told.add(Set.copyOf(groups)));

        applier.received(sign(new DesiredBundle(1, DefinitionSet.EMPTY, List.of("line1", "packing"))));
        applier.received(sign(new DesiredBundle(2, DefinitionSet.EMPTY, List.of("line1", "packing"))));
        applier.received(sign(new DesiredBundle(3, DefinitionSet.EMPTY, List.of("line2"))));

        assertThat(told).containsExactly(Set.of(), Set.of("line1", "packing"), Set.of("line2"));
        assertThat(applier.groups()).containsExactly("line2");
        store.close();
        start(SIGNED_AT.plusSeconds(10));
        assertThat(applier.groups()).as("from desired.json, before any console contact").containsExactly("line2");
    }

    @Test
    void received_whenTheBundleIsRefused_keepsTheGroupsInForce() {
        applier.received(sign(new DesiredBundle(1, DefinitionSet.EMPTY, List.of("line1"))));
        DefinitionSet dangling = new DefinitionSet(List.of(task("cleanup")), null, null, List.of(new TriggerRule(
                "door", null, "plant/door/+", "open-door", null, null, 0, false, null, null, null)));

        applier.received(sign(new DesiredBundle(2, dangling, List.of("line2"))));

        assertThat(applier.groups()).containsExactly("line1");
    }

    @Test
    void received_refusesABundleWithADanglingName_andKeepsTheOneInForce() {
        applier.received(sign(bundle(1, "backup")));
        DefinitionSet dangling = new DefinitionSet(List.of(task("cleanup")), null, null, List.of(new TriggerRule(
                "door", null, "plant/door/+", "open-door", null, null, 0, false, null, null, null)));

        applier.received(sign(new DesiredBundle(2, dangling)));

        assertThat(registry.task("backup")).as("the old bundle stays").isPresent();
        assertThat(registry.task("cleanup")).isEmpty();
        assertThat(applier.appliedVersion()).isEqualTo(1);
        assertThat(reports()).last().isEqualTo(new DesiredApplied(2, false, "definitions.triggers[0].task",
                "names task 'open-door', which is not defined"));
    }

    @Test
    void received_refusesABundleSignedByAnotherKey_orForAnotherAgent() {
        CommandSigner stranger = new CommandSigner(Ed25519Keys.generate(), codec,
                Clock.fixed(SIGNED_AT, ZoneOffset.UTC));

        applier.received(stranger.sign(bundle(5, "evil"), AGENT, LIFETIME).wire());
        applier.received(signer.sign(bundle(6, "other"), "press-pc-8", LIFETIME).wire());

        assertThat(registry.current().tasks()).isEmpty();
        assertThat(reports()).extracting(DesiredApplied::applied).containsExactly(false, false);
        assertThat(reports()).extracting(DesiredApplied::field).containsExactly("keyId", "target");
    }

    @Test
    void received_ignoresTheSameOrAnOlderVersion() {
        applier.received(sign(bundle(3, "backup")));
        applier.received(sign(bundle(3, "backup-again")));
        applier.received(sign(bundle(2, "older")));

        assertThat(registry.current().tasks()).extracting(TaskDefinition::name).containsExactly("backup");
        assertThat(reports()).hasSize(1);
    }

    @Test
    void start_putsTheStoredBundleBackInForce_afterARestartAWeekLater() {
        applier.received(sign(bundle(1, "backup")));
        byte[] newer = sign(bundle(2, "backup-v2"));
        store.close();

        start(SIGNED_AT.plus(Duration.ofDays(8)));

        assertThat(registry.task("backup")).as("running the stored bundle before any console contact").isPresent();
        assertThat(applier.appliedVersion()).isEqualTo(1);
        applier.received(newer);
        assertThat(applier.appliedVersion()).as("a week-old retained bundle is still valid").isEqualTo(2);
        assertThat(registry.task("backup-v2")).isPresent();
    }

    private void start(Instant now) {
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        store = AgentStore.open(dir.resolve("store.mv"));
        registry = new DefinitionRegistry();
        EventLog events = new EventLog(store.outbox(), codec, clock);
        applier = new DesiredStateApplier(CommandVerifier.forKey(consoleKeys.getPublic(), AGENT, codec,
                store.nonces()::remember, clock), registry, new DesiredStateFile(dir.resolve("desired.json"), codec),
                events);
        applier.start();
    }

    private List<DesiredApplied> reports() {
        store.outbox().awaitDurable(store.outbox().lastSeq());
        return store.outbox().pendingAfter(0, 100).stream()
                .map(entry -> codec.decode(entry.payload()))
                .map(Envelope::body)
                .filter(DesiredApplied.class::isInstance).map(DesiredApplied.class::cast).toList();
    }

    private byte[] sign(DesiredBundle bundle) {
        return signer.sign(bundle, AGENT, LIFETIME).wire();
    }

    private static DesiredBundle bundle(long version, String task) {
        return new DesiredBundle(version, new DefinitionSet(List.of(task(task)), null, null));
    }

    private static TaskDefinition task(String name) {
        return TaskDefinition.of(name, new CommandTask("/bin/true", List.of()));
    }
}
