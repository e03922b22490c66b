package io.taskrunner.protocol.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskrunner.protocol.Topics;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.message.AckCommand;
import io.taskrunner.protocol.message.AgentState;
import io.taskrunner.protocol.definition.CommandTask;
import io.taskrunner.protocol.definition.DefinitionSet;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.message.DesiredBundle;
import io.taskrunner.protocol.message.Envelope;
import io.taskrunner.protocol.message.MessageBody;
import io.taskrunner.protocol.message.RunCommand;
import io.taskrunner.protocol.message.RunStarted;
import io.taskrunner.protocol.message.SignedMessage;
import io.taskrunner.protocol.security.CommandSigner.SignedCommand;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CommandVerifierTest {
    private static final String AGENT = "agent-01";
    private static final Duration LIFETIME = Duration.ofMinutes(5);

    private final KeyPair consoleKeys = Ed25519Keys.generate();
    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-14T09:26:53.589Z"));
    private final MessageCodec codec = new MessageCodec();
    private final InMemoryNonceStore nonces = new InMemoryNonceStore();
    private final CommandSigner signer = new CommandSigner(consoleKeys, codec, clock);
    private final CommandVerifier verifier =
            CommandVerifier.forKey(consoleKeys.getPublic(), AGENT, codec, nonces, clock);

    @Test
    void verify_ofASignedRunCommand_returnsTheInnerEnvelope() {
        SignedCommand signed = signer.sign(runEcho(), AGENT, LIFETIME);

        Envelope<?> command = verifier.verify(signed.wire());

        assertThat(command).isEqualTo(signed.command());
        assertThat(command.bodyAs(RunCommand.class).argv()).containsExactly("echo", "hello");
        assertThat(command.target()).isEqualTo(AGENT);
        assertThat(command.expiresAt()).isEqualTo(clock.instant().plus(LIFETIME).toEpochMilli());
        assertThat(nonces.seen).containsKey(command.nonce());
    }

    @Test
    void sign_putsTheCommandInsideASignedWrapperWithTheSignersKeyId() {
        SignedCommand signed = signer.sign(runEcho(), AGENT, LIFETIME);

        Envelope<SignedMessage> wrapper = codec.decode(signed.wire(), SignedMessage.class);

        assertThat(wrapper.body().keyId()).isEqualTo(signer.keyId())
                .isEqualTo(Ed25519Keys.keyId(consoleKeys.getPublic()));
        assertThat(codec.decode(wrapper.body().payload().getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(signed.command());
        assertThat(signed.command().nonce()).matches("[0-9a-f]{32}");
    }

    @Test
    void sign_givesEachCommandAFreshIdAndNonce() {
        Envelope<MessageBody> first = signer.sign(runEcho(), AGENT, LIFETIME).command();
        Envelope<MessageBody> second = signer.sign(runEcho(), AGENT, LIFETIME).command();

        assertThat(first.id()).isNotEqualTo(second.id());
        assertThat(first.nonce()).isNotEqualTo(second.nonce());
    }

    @Test
    void verifyBundle_acceptsTheSameRetainedBundleAgain_butNoOtherType() {
        DesiredBundle bundle = new DesiredBundle(2, new DefinitionSet(List.of(TaskDefinition.of("backup",
                new CommandTask("/bin/backup", List.of()))), null, null));
        byte[] wire = signer.sign(bundle, AGENT, LIFETIME).wire();

        assertThat(verifier.verifyBundle(wire).body()).isEqualTo(bundle);
        assertThat(verifier.verifyBundle(wire).body()).isEqualTo(bundle);
        assertThat(nonces.seen).isEmpty();
        assertThatThrownBy(() -> verifier.verifyBundle(signer.sign(runEcho(), AGENT, LIFETIME).wire()))
                .isInstanceOf(CommandRejectedException.class).hasMessageContaining("is not a desired bundle");
        CommandSigner stranger = new CommandSigner(Ed25519Keys.generate(), codec, clock);
        assertThatThrownBy(() -> verifier.verifyBundle(stranger.sign(bundle, AGENT, LIFETIME).wire()))
                .isInstanceOf(CommandRejectedException.class).hasMessageContaining("unknown key");
        assertThatThrownBy(() -> verifier.verifyBundle(signer.sign(bundle, "agent-02", LIFETIME).wire()))
                .isInstanceOf(CommandRejectedException.class).hasMessageContaining("not to this agent");
    }

    @Test
    void verify_ofASignedDesiredBundle_acceptsIt() {
        DesiredBundle bundle = new DesiredBundle(2, new DefinitionSet(List.of(TaskDefinition.of("backup",
                new CommandTask("/bin/backup", List.of()))), null, null));

        Envelope<?> verified = verifier.verify(signer.sign(bundle, AGENT, LIFETIME).wire());

        assertThat(verified.body()).isEqualTo(bundle);
    }

    @Test
    void verify_whenOneSignatureByteIsFlipped_namesSignature() {
        byte[] wire = rewrap(signer.sign(runEcho(), AGENT, LIFETIME).wire(), signed -> {
            byte[] signature = Base64.getDecoder().decode(signed.signature());
            signature[17] ^= 0x01;
            return new SignedMessage(signed.payload(), Base64.getEncoder().encodeToString(signature), signed.keyId());
        });

        assertRejected(wire, "signature");
        assertThat(nonces.seen).isEmpty();
    }

    @Test
    void verify_whenTheSignatureIsNotBase64_namesSignature() {
        byte[] wire = rewrap(signer.sign(runEcho(), AGENT, LIFETIME).wire(),
                signed -> new SignedMessage(signed.payload(), "!!not base64!!", signed.keyId()));

        assertRejected(wire, "signature");
    }

    @Test
    void verify_whenThePayloadWasChangedAfterSigning_namesSignature() {
        byte[] wire = rewrap(signer.sign(runEcho(), AGENT, LIFETIME).wire(), signed -> {
            assertThat(signed.payload()).contains("\"echo\"");
            return new SignedMessage(signed.payload().replace("\"echo\"", "\"rm\""), signed.signature(),
                    signed.keyId());
        });

        assertRejected(wire, "signature");
        assertThat(nonces.seen).isEmpty();
    }

    @Test
    void verify_whenThePayloadIsRetargetedAfterSigning_namesSignature() {
        byte[] wire = rewrap(signer.sign(runEcho(), "agent-02", LIFETIME).wire(),
                signed -> new SignedMessage(signed.payload().replace("agent-02", AGENT), signed.signature(),
                        signed.keyId()));

        assertRejected(wire, "signature");
    }

    @Test
    void verify_whenSignedByAnotherKeyWithTheConsoleKeyIdForged_namesSignature() {
        CommandSigner attacker = new CommandSigner(Ed25519Keys.generate(), codec, clock);
        byte[] wire = rewrap(attacker.sign(runEcho(), AGENT, LIFETIME).wire(),
                signed -> new SignedMessage(signed.payload(), signed.signature(), signer.keyId()));

        assertRejected(wire, "signature");
    }

    @Test
    void verify_checksTheSignatureBeforeParsingThePayload() {
        CommandSigner attacker = new CommandSigner(Ed25519Keys.generate(), codec, clock);
        byte[] wire = rewrap(attacker.wrap("{\"type\": not json".getBytes(StandardCharsets.UTF_8)),
                signed -> new SignedMessage(signed.payload(), signed.signature(), signer.keyId()));

        assertRejected(wire, "signature");
    }

    @Test
    void verify_whenSignedWithAnUnknownKey_namesKeyId() {
        CommandSigner stranger = new CommandSigner(Ed25519Keys.generate(), codec, clock);

        CommandRejectedException e = assertRejected(stranger.sign(runEcho(), AGENT, LIFETIME).wire(), "keyId");

        assertThat(e.reason()).contains(stranger.keyId());
    }

    @Test
    void verify_withSeveralTrustedKeys_acceptsEach() {
        KeyPair next = Ed25519Keys.generate();
        CommandVerifier rotating = new CommandVerifier(Map.of(
                Ed25519Keys.keyId(consoleKeys.getPublic()), consoleKeys.getPublic(),
                Ed25519Keys.keyId(next.getPublic()), next.getPublic()), AGENT, codec, nonces, clock);

        assertThat(rotating.verify(signer.sign(runEcho(), AGENT, LIFETIME).wire())).isNotNull();
        assertThat(rotating.verify(new CommandSigner(next, codec, clock).sign(runEcho(), AGENT, LIFETIME).wire()))
                .isNotNull();
    }

    @Test
    void verify_afterTheExpiry_namesExpiresAt() {
        SignedCommand signed = signer.sign(runEcho(), AGENT, LIFETIME);
        clock.advance(LIFETIME.plusSeconds(1));

        CommandRejectedException e = assertRejected(signed.wire(), "expiresAt");

        assertThat(e.commandId()).isEqualTo(signed.command().id());
        assertThat(e.reason()).startsWith("expired at ");
        assertThat(nonces.seen).isEmpty();
    }

    @Test
    void verify_atExactlyTheExpiry_namesExpiresAt() {
        SignedCommand signed = signer.sign(runEcho(), AGENT, LIFETIME);
        clock.advance(LIFETIME);

        assertRejected(signed.wire(), "expiresAt");
    }

    @Test
    void verify_oneMillisecondBeforeTheExpiry_acceptsIt() {
        SignedCommand signed = signer.sign(runEcho(), AGENT, LIFETIME);
        clock.advance(LIFETIME.minusMillis(1));

        assertThat(verifier.verify(signed.wire())).isEqualTo(signed.command());
    }

    @Test
    void verify_whenTheExpiryIsFurtherThanTheMaximumLifetime_namesExpiresAt() {
        SignedCommand signed = signer.sign(runEcho(), AGENT, CommandVerifier.MAX_LIFETIME.plusMillis(1));

        CommandRejectedException e = assertRejected(signed.wire(), "expiresAt");

        assertThat(e.reason()).contains("further out than 30 days");
    }

    @Test
    void verify_whenTheLifetimeIsExactlyTheMaximum_acceptsIt() {
        SignedCommand signed = signer.sign(runEcho(), AGENT, CommandVerifier.MAX_LIFETIME);

        assertThat(verifier.verify(signed.wire())).isEqualTo(signed.command());
    }

    @Test
    void verify_ofTheSameMessageTwice_rejectsTheSecondNamingNonce() {
        byte[] wire = signer.sign(runEcho(), AGENT, LIFETIME).wire();

        Envelope<?> first = verifier.verify(wire);
        CommandRejectedException second = assertRejected(wire, "nonce");

        assertThat(second.commandId()).isEqualTo(first.id());
        assertThat(second.reason()).contains("replayed");
    }

    @Test
    void verify_ofAnotherCommandReusingANonce_rejectsItNamingNonce() {
        SignedCommand first = signer.sign(runEcho(), AGENT, LIFETIME);
        verifier.verify(first.wire());
        Envelope<AckCommand> reuse = Envelope.command(UUID.randomUUID(), new AckCommand(1, false), AGENT,
                clock.instant().plus(LIFETIME), first.command().nonce(), clock);

        assertRejected(signer.wrap(codec.encode(reuse)), "nonce");
    }

    @Test
    void verify_whenAddressedToAnotherAgent_namesTarget() {
        SignedCommand signed = signer.sign(runEcho(), "agent-02", LIFETIME);

        CommandRejectedException e = assertRejected(signed.wire(), "target");

        assertThat(e.commandId()).isEqualTo(signed.command().id());
        assertThat(e.reason()).contains("agent-02");
        assertThat(nonces.seen).isEmpty();
    }

    @Test
    void verify_ofACommandForAGroupTheAgentIsIn_acceptsIt_andRemembersTheNonce() {
        SignedCommand signed = signer.sign(runEcho(), Topics.groupTarget("line1"), LIFETIME);

        Envelope<?> command = verifier.verify(signed.wire(), Set.of("line1", "packing"));

        assertThat(command).isEqualTo(signed.command());
        assertThat(command.target()).isEqualTo("group:line1");
        assertThat(nonces.seen).containsKey(command.nonce());
    }

    @Test
    void verify_ofACommandForAGroupTheAgentIsNotIn_namesTarget() {
        SignedCommand signed = signer.sign(runEcho(), Topics.groupTarget("line2"), LIFETIME);

        CommandRejectedException e = catchThrowableOfType(CommandRejectedException.class,
                () -> verifier.verify(signed.wire(), Set.of("line1")));

        assertThat(e.field()).isEqualTo("target");
        assertThat(e.reason()).isEqualTo("addressed to group line2, which this agent is not in");
        assertThat(e.commandId()).isEqualTo(signed.command().id());
        assertThat(nonces.seen).isEmpty();
    }

    @Test
    void verify_withoutGroups_refusesEveryGroupCommand() {
        SignedCommand signed = signer.sign(runEcho(), Topics.groupTarget("line1"), LIFETIME);

        assertRejected(signed.wire(), "target");
    }

    @Test
    void verify_ofAGroupCommand_stillChecksExpiryAndNonce() {
        SignedCommand signed = signer.sign(runEcho(), Topics.groupTarget("line1"), LIFETIME);
        verifier.verify(signed.wire(), Set.of("line1"));

        assertThat(catchThrowableOfType(CommandRejectedException.class,
                () -> verifier.verify(signed.wire(), Set.of("line1"))).field()).isEqualTo("nonce");
        SignedCommand late = signer.sign(runEcho(), Topics.groupTarget("line1"), LIFETIME);
        clock.advance(LIFETIME.plusSeconds(1));
        assertThat(catchThrowableOfType(CommandRejectedException.class,
                () -> verifier.verify(late.wire(), Set.of("line1"))).field()).isEqualTo("expiresAt");
    }

    @Test
    void verify_whenAGroupCommandIsRetargetedAfterSigning_namesSignature() {
        byte[] wire = rewrap(signer.sign(runEcho(), Topics.groupTarget("line2"), LIFETIME).wire(),
                signed -> new SignedMessage(signed.payload().replace("group:line2", "group:line1"),
                        signed.signature(), signed.keyId()));

        assertThat(catchThrowableOfType(CommandRejectedException.class,
                () -> verifier.verify(wire, Set.of("line1"))).field()).isEqualTo("signature");
    }

    @Test
    void verifyBundle_addressedToAGroup_namesTarget() {
        DesiredBundle bundle = new DesiredBundle(2, DefinitionSet.EMPTY, List.of("line1"));
        byte[] wire = signer.sign(bundle, Topics.groupTarget("line1"), LIFETIME).wire();

        CommandRejectedException e = catchThrowableOfType(CommandRejectedException.class,
                () -> verifier.verifyBundle(wire));

        assertThat(e.field()).isEqualTo("target");
        assertThat(e.reason()).isEqualTo("a desired bundle is for one agent, not for group:line1");
    }

    @Test
    void sign_forAnInvalidGroupTarget_isRefused() {
        assertThatThrownBy(() -> signer.sign(runEcho(), "group:line#1", LIFETIME))
                .isInstanceOf(io.taskrunner.protocol.ProtocolException.class).extracting("field").isEqualTo("target");
        assertThatThrownBy(() -> signer.sign(runEcho(), "group:", LIFETIME))
                .isInstanceOf(io.taskrunner.protocol.ProtocolException.class).extracting("field").isEqualTo("target");
    }

    @Test
    void verify_ofASignedNonCommand_namesType() {
        byte[] wire = signer.wrap(codec.encode(Envelope.report(AgentState.offline("0.1.0"), clock)));

        CommandRejectedException e = assertRejected(wire, "type");

        assertThat(e.reason()).isEqualTo("agent.state is not a command");
    }

    @Test
    void verify_ofASignedEvent_namesType() {
        byte[] wire = signer.wrap(codec.encode(Envelope.event(new RunStarted(UUID.randomUUID(), 1), 1, clock)));

        assertRejected(wire, "type");
    }

    @Test
    void verify_ofAnUnsignedCommand_namesType() {
        Envelope<RunCommand> unsigned = Envelope.command(UUID.randomUUID(), runEcho(), AGENT,
                clock.instant().plus(LIFETIME), "nonce-1", clock);

        assertRejected(codec.encode(unsigned), "type");
    }

    @Test
    void verify_whenTheSignedPayloadIsNotJson_rejectsTheWholeMessage() {
        CommandRejectedException e = assertRejected(signer.wrap("not json".getBytes(StandardCharsets.UTF_8)), null);

        assertThat(e.commandId()).isNull();
        assertThat(e.reason()).contains("malformed");
    }

    @Test
    void verify_whenTheSignedCommandHasABadBody_namesTheBodyField() {
        String json = new String(codec.encode(Envelope.command(UUID.randomUUID(), runEcho(), AGENT,
                clock.instant().plus(LIFETIME), "nonce-1", clock)), StandardCharsets.UTF_8)
                .replace("\"timeoutSeconds\":30", "\"timeoutSeconds\":0");

        assertRejected(signer.wrap(json.getBytes(StandardCharsets.UTF_8)), "body.timeoutSeconds");
    }

    static Stream<byte[]> garbage() {
        byte[] random = new byte[512];
        new java.util.Random(42).nextBytes(random);
        return Stream.of(
                random,
                new byte[0],
                new byte[] {0},
                "not json".getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_8),
                "[]".getBytes(StandardCharsets.UTF_8),
                "null".getBytes(StandardCharsets.UTF_8),
                "{\"type\":\"signed\"}".getBytes(StandardCharsets.UTF_8),
                ("{\"type\":\"signed\",\"id\":\"00000000-0000-4000-8000-000000000001\",\"ts\":1,\"v\":1,"
                        + "\"body\":{\"payload\":\"x\",\"signature\":\"\",\"keyId\":\"k\"}}")
                        .getBytes(StandardCharsets.UTF_8),
                new byte[MessageCodec.DEFAULT_MAX_BYTES + 1]);
    }

    @ParameterizedTest
    @MethodSource("garbage")
    void verify_ofGarbage_throwsOnlyCommandRejectedException(byte[] wire) {
        Throwable thrown = catchThrowable(() -> verifier.verify(wire));

        assertThat(thrown).isExactlyInstanceOf(CommandRejectedException.class);
        CommandRejectedException e = (CommandRejectedException) thrown;
        assertThat(e.commandId()).isNull();
        assertThat(e.reason()).startsWith("not a signed message: ");
        assertThat(e.field() == null || !e.field().isBlank()).isTrue();
        assertThat(nonces.seen).isEmpty();
    }

    @Test
    void verify_ofDeeplyNestedGarbage_throwsOnlyCommandRejectedException() {
        byte[] wire = ("{\"a\":" + "[".repeat(1000) + "]".repeat(1000) + "}").getBytes(StandardCharsets.UTF_8);

        assertThat(catchThrowable(() -> verifier.verify(wire))).isExactlyInstanceOf(CommandRejectedException.class);
    }

    @Test
    void sign_ofANonCommandBody_isRefused() {
        assertThatThrownBy(() -> signer.sign(AgentState.offline("0.1.0"), AGENT, LIFETIME))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("agent.state is not a command");
        assertThatThrownBy(() -> signer.sign(new RunStarted(UUID.randomUUID(), 1), AGENT, LIFETIME))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("run.started is not a command");
    }

    @Test
    void sign_forAnInvalidTarget_isRefused() {
        assertThatThrownBy(() -> signer.sign(runEcho(), "+", LIFETIME))
                .isInstanceOf(io.taskrunner.protocol.ProtocolException.class).extracting("field").isEqualTo("target");
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private static RunCommand runEcho() {
        return new RunCommand(UUID.randomUUID(), List.of("echo", "hello"), null, null, 30, 0);
    }

    private CommandRejectedException assertRejected(byte[] wire, String field) {
        Throwable thrown = catchThrowable(() -> verifier.verify(wire));
        assertThat(thrown).isExactlyInstanceOf(CommandRejectedException.class);
        CommandRejectedException e = (CommandRejectedException) thrown;
        assertThat(e.field()).as("field of: %s", e.reason()).isEqualTo(field);
        return e;
    }

    /** Decodes the signed wrapper, changes its body and encodes it again without signing anything. */
    private byte[] rewrap(byte[] wire, UnaryOperator<SignedMessage> change) {
        SignedMessage signed = codec.decode(wire, SignedMessage.class).body();
        return codec.encode(Envelope.report(change.apply(signed), clock));
    }

    static final class InMemoryNonceStore implements NonceStore {
        final Map<String, Instant> seen = new ConcurrentHashMap<>();

        @Override
        public boolean remember(String nonce, Instant expiresAt) {
            return seen.putIfAbsent(nonce, expiresAt) == null;
        }
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
