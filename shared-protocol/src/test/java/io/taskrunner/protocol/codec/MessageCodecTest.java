package io.taskrunner.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.CommandTask;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.message.AckCommand;
import io.taskrunner.protocol.message.AgentState;
import io.taskrunner.protocol.message.CancelRunCommand;
import io.taskrunner.protocol.message.Envelope;
import io.taskrunner.protocol.message.MessageType;
import io.taskrunner.protocol.message.RunCommand;
import io.taskrunner.protocol.message.RunOutput;
import io.taskrunner.protocol.message.OutputStreamName;
import io.taskrunner.protocol.message.RunStarted;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class MessageCodecTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-14T09:26:53.589Z"), ZoneOffset.UTC);
    private final MessageCodec codec = new MessageCodec();
    private final ObjectMapper json = new ObjectMapper();

    // ---- whole-message problems: field is null ------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":",
        "{\"type\":\"command.run\",\"id\":\"00000000-0000-4000-8000-000000000003\"",
        "hello",
        "<xml/>",
        "{} garbage",
        "{}{}",
        "{\"a\":1}]",
        "{'type':'agent.state'}",
        "{\"a\":NaN}",
        "{/* comment */}",
        "{\"a\":01}"
    })
    void decode_whenJsonIsMalformed_rejectsTheWholeMessageAsMalformed(String payload) {
        ProtocolException e = decodeFails(payload);

        assertThat(e.field()).isNull();
        assertThat(e.getMessage()).startsWith("malformed JSON at line 1, column ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "[]", "null", "\"a string\"", "42", "true", "   "})
    void decode_whenJsonIsNotAnObject_saysItMustBeAnObject(String payload) {
        ProtocolException e = decodeFails(payload);

        assertThat(e.field()).isNull();
        assertThat(e.getMessage()).startsWith("message must be a JSON object, was ");
    }

    @Test
    void decode_ofAnArray_namesWhatItWas() {
        assertThat(decodeFails("[{\"type\":\"agent.state\"}]").getMessage())
                .isEqualTo("message must be a JSON object, was array");
    }

    @Test
    void decode_whenEmptyOrNull_saysTheMessageIsEmpty() {
        assertThatThrownBy(() -> codec.decode(new byte[0])).isInstanceOf(ProtocolException.class)
                .hasMessage("message is empty").extracting("field").isNull();
        assertThatThrownBy(() -> codec.decode(null)).isInstanceOf(ProtocolException.class)
                .hasMessage("message is empty");
    }

    @Test
    void decode_whenPayloadIsBiggerThanTheLimit_givesTheSizeMessageBeforeParsing() {
        byte[] garbage = "x".repeat(300 * 1024).getBytes(StandardCharsets.US_ASCII);

        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> codec.decode(garbage));

        assertThat(e.field()).isNull();
        assertThat(e.getMessage()).isEqualTo("message of 307200 bytes exceeds the limit of 262144 bytes")
                .doesNotContain("malformed");
        assertThat(e.getCause()).isNull();
    }

    @Test
    void decode_whenAValidMessageIsOneByteOverTheLimit_isRejected_butExactlyTheLimitIsAccepted() {
        MessageCodec small = new MessageCodec(1024);
        byte[] atLimit = padTo(golden(MessageType.RUN_STARTED), 1024);
        byte[] overLimit = padTo(golden(MessageType.RUN_STARTED), 1025);

        assertThat(small.decode(atLimit).body()).isInstanceOf(RunStarted.class);
        assertThatThrownBy(() -> small.decode(overLimit)).isInstanceOf(ProtocolException.class)
                .hasMessage("message of 1025 bytes exceeds the limit of 1024 bytes");
    }

    @Test
    void encode_whenTheMessageIsBiggerThanTheLimit_refusesToProduceIt() {
        MessageCodec small = new MessageCodec(1024);
        Envelope<RunOutput> big = Envelope.event(new RunOutput(UUID.randomUUID(), OutputStreamName.STDOUT,
                "y".repeat(2000)), 1, CLOCK);

        assertThatThrownBy(() -> small.encode(big)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("exceeds the limit of 1024 bytes").extracting("field").isNull();
    }

    @Test
    void constructor_whenLimitIsBelow1024_refusesIt() {
        assertThatThrownBy(() -> new MessageCodec(1023)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBytes must be at least 1024, was 1023");
        assertThat(new MessageCodec().maxBytes()).isEqualTo(MessageCodec.DEFAULT_MAX_BYTES).isEqualTo(256 * 1024);
    }

    @Test
    void decode_whenNestedDeeperThan64Levels_isRejectedCleanly() {
        String deep = "{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}";

        ProtocolException e = decodeFails(deep);

        assertThat(e.field()).isNull();
        assertThat(e.getMessage()).containsIgnoringCase("nest");
    }

    @Test
    void decode_whenANumberHasMoreThan64Digits_isRejectedCleanly() {
        ProtocolException e = decodeFails("{\"a\":" + "1".repeat(100) + "}");

        assertThat(e.field()).isNull();
    }

    @Test
    void decode_whenTriggerResultIsNestedWithinTheLimit_isAccepted() {
        ObjectNode root = golden(MessageType.TRIGGER_REPLY);
        JsonNode nested = json.createArrayNode();
        for (int i = 0; i < 50; i++) {
            nested = json.createArrayNode().add(nested);
        }
        ((ObjectNode) root.get("body")).set("result", nested);

        assertThat(codec.decode(bytes(root)).body()).isNotNull();
    }

    // ---- wrong types ----------------------------------------------------------------------------------------------

    @Test
    void decode_ofABundleWithoutGroups_givesNoGroups_andABadOrRepeatedGroupIsNamedByIndex() {
        ObjectNode noGroups = golden(MessageType.DESIRED_BUNDLE);
        body(noGroups).remove("groups");
        assertThat(codec.decode(bytes(noGroups)).bodyAs(io.taskrunner.protocol.message.DesiredBundle.class).groups())
                .isEmpty();

        assertThat(decodeFails(MessageType.DESIRED_BUNDLE, r -> body(r).putArray("groups").add("line1").add("a/b"))
                .field()).isEqualTo("body.groups[1]");
        assertThat(decodeFails(MessageType.DESIRED_BUNDLE, r -> body(r).putArray("groups").add("line1").add("line1"))
                .getMessage()).contains("names group 'line1' twice");
    }

    @Test
    void decode_whenTimeoutIsAString_namesTheField() {
        ProtocolException e = decodeFails(MessageType.RUN_COMMAND, r -> body(r).put("timeoutSeconds", "30"));

        assertThat(e.field()).isEqualTo("body.timeoutSeconds");
        assertThat(e.getMessage()).isEqualTo("body.timeoutSeconds: has the wrong type: expected an integer");
        assertThat(e.reason()).isEqualTo("has the wrong type: expected an integer");
    }

    @Test
    void decode_whenTimeoutIsAFraction_namesTheField() {
        assertThat(decodeFails(MessageType.RUN_COMMAND, r -> body(r).put("timeoutSeconds", 30.5)).field())
                .isEqualTo("body.timeoutSeconds");
    }

    @Test
    void decode_whenTimeoutIsNull_namesTheField() {
        assertThat(decodeFails(MessageType.RUN_COMMAND, r -> body(r).putNull("timeoutSeconds")).field())
                .isEqualTo("body.timeoutSeconds");
    }

    @Test
    void decode_whenArgvIsAString_namesTheField() {
        ProtocolException e = decodeFails(MessageType.RUN_COMMAND, r -> body(r).put("argv", "echo hello"));

        assertThat(e.field()).isEqualTo("body.argv");
        assertThat(e.reason()).isEqualTo("has the wrong type: expected an array");
    }

    @Test
    void decode_whenAnArgvElementIsANumber_namesTheIndex() {
        ProtocolException e = decodeFails(MessageType.RUN_COMMAND,
                r -> body(r).putArray("argv").add("echo").add(5));

        assertThat(e.field()).isEqualTo("body.argv[1]");
    }

    @Test
    void decode_whenAnEnvValueIsANumber_namesTheKey() {
        assertThat(decodeFails(MessageType.RUN_COMMAND, r -> body(r).putObject("env").put("LANG", 1)).field())
                .isEqualTo("body.env.LANG");
    }

    @Test
    void decode_whenRunIdIsNotAUuid_namesTheField() {
        ProtocolException e = decodeFails(MessageType.RUN_COMMAND, r -> body(r).put("runId", "not-a-uuid"));

        assertThat(e.field()).isEqualTo("body.runId");
        assertThat(e.reason()).contains("'not-a-uuid'");
    }

    @Test
    void decode_whenStreamIsUnknown_listsTheAllowedValues() {
        ProtocolException e = decodeFails(MessageType.RUN_OUTPUT, r -> body(r).put("stream", "stdshout"));

        assertThat(e.field()).isEqualTo("body.stream");
        assertThat(e.reason()).isEqualTo("has an invalid value 'stdshout' (allowed: stdout, stderr)");
    }

    @Test
    void decode_whenRunStateIsUnknown_listsTheWireNames() {
        ProtocolException e = decodeFails(MessageType.RUN_FINISHED, r -> body(r).put("state", "exploded"));

        assertThat(e.field()).isEqualTo("body.state");
        assertThat(e.reason()).contains("timed_out", "cancelled");
    }

    @Test
    void decode_whenEnumIsGivenAsItsOrdinal_isRejected() {
        assertThat(decodeFails(MessageType.RUN_OUTPUT, r -> body(r).put("stream", 0)).field())
                .isEqualTo("body.stream");
    }

    @Test
    void decode_whenABooleanIsAString_namesTheField() {
        assertThat(decodeFails(MessageType.ALERT_RAISED, r -> body(r).put("recovered", "true")).field())
                .isEqualTo("body.recovered");
    }

    @Test
    void decode_whenANumberIsAString_namesTheField() {
        assertThat(decodeFails(MessageType.AGENT_METRICS, r -> body(r).put("cpuPercent", "12.5")).field())
                .isEqualTo("body.cpuPercent");
    }

    @Test
    void decode_whenAStringIsANumber_namesTheField() {
        assertThat(decodeFails(MessageType.AGENT_STATE, r -> body(r).put("agentVersion", 1)).field())
                .isEqualTo("body.agentVersion");
    }

    @Test
    void decode_whenSeqIsAFraction_namesSeq() {
        ProtocolException e = decodeFails(MessageType.RUN_STARTED, r -> r.put("seq", 1.5));

        assertThat(e.field()).isEqualTo("seq");
        assertThat(e.reason()).isEqualTo("must be an integer, was number");
    }

    @Test
    void decode_whenTsIsAString_namesTs() {
        ProtocolException e = decodeFails(MessageType.AGENT_STATE, r -> r.put("ts", "2025-03-14T09:26:53Z"));

        assertThat(e.field()).isEqualTo("ts");
        assertThat(e.reason()).isEqualTo("must be an integer, was string");
    }

    @Test
    void decode_whenIdIsNotAUuid_namesId() {
        ProtocolException e = decodeFails(MessageType.AGENT_STATE, r -> r.put("id", "42"));

        assertThat(e.field()).isEqualTo("id");
        assertThat(e.reason()).isEqualTo("must be a UUID, was '42'");
    }

    @Test
    void decode_whenTypeIsNotAString_namesType() {
        assertThat(decodeFails(MessageType.AGENT_STATE, r -> r.put("type", 7)).field()).isEqualTo("type");
    }

    @Test
    void decode_whenVersionIsAString_namesV() {
        assertThat(decodeFails(MessageType.AGENT_STATE, r -> r.put("v", "1")).field()).isEqualTo("v");
    }

    @Test
    void decode_whenTargetIsNotAString_namesTarget() {
        assertThat(decodeFails(MessageType.RUN_COMMAND, r -> r.put("target", 5)).field()).isEqualTo("target");
    }

    @Test
    void decode_whenBodyIsNotAnObject_namesBody() {
        ProtocolException e = decodeFails(MessageType.AGENT_STATE, r -> r.putArray("body"));

        assertThat(e.field()).isEqualTo("body");
        assertThat(e.reason()).isEqualTo("must be a JSON object, was array");
    }

    // ---- missing fields -------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"runId", "argv", "timeoutSeconds"})
    void decode_whenARequiredBodyFieldIsMissing_namesItUnderBody(String field) {
        ProtocolException e = decodeFails(MessageType.RUN_COMMAND, r -> body(r).remove(field));

        assertThat(e.field()).isEqualTo("body." + field);
        assertThat(e.reason()).isEqualTo("is required");
    }

    @Test
    void decode_whenARequiredBodyFieldIsNull_namesItUnderBody() {
        assertThat(decodeFails(MessageType.RUN_COMMAND, r -> body(r).putNull("runId")).field())
                .isEqualTo("body.runId");
    }

    @Test
    void decode_whenAnEventHasNoSeq_namesSeq() {
        ProtocolException e = decodeFails(MessageType.RUN_OUTPUT, r -> r.remove("seq"));

        assertThat(e.field()).isEqualTo("seq");
        assertThat(e.reason()).isEqualTo("is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nonce", "expiresAt", "target"})
    void decode_whenACommandHeaderFieldIsMissing_namesIt(String field) {
        assertThat(decodeFails(MessageType.RUN_COMMAND, r -> r.remove(field)).field()).isEqualTo(field);
    }

    @ParameterizedTest
    @ValueSource(strings = {"type", "id", "ts", "v", "body"})
    void decode_whenAnEnvelopeFieldIsMissing_namesIt(String field) {
        ProtocolException e = decodeFails(MessageType.AGENT_STATE, r -> r.remove(field));

        assertThat(e.field()).isEqualTo(field);
        assertThat(e.reason()).isEqualTo("is required");
    }

    @Test
    void decode_whenBodyIsNull_namesBody() {
        assertThat(decodeFails(MessageType.AGENT_STATE, r -> r.putNull("body")).field()).isEqualTo("body");
    }

    // ---- unknown things -------------------------------------------------------------------------------------------

    @Test
    void decode_ignoresUnknownFieldsAtTopLevelAndInsideBody() {
        ObjectNode root = golden(MessageType.RUN_COMMAND);
        root.put("futureHeader", "x").putObject("trace").put("span", 1);
        body(root).put("priority", 5).putArray("labels").add("a");

        assertThat(codec.decode(bytes(root))).isEqualTo(codec.decode(bytes(golden(MessageType.RUN_COMMAND))));
    }

    @Test
    void decode_ignoresHeaderFieldsThatItsKindDoesNotUse() {
        ObjectNode root = golden(MessageType.AGENT_STATE);
        root.put("seq", 5).put("target", "other").put("expiresAt", 1).put("nonce", "n");

        Envelope<?> decoded = codec.decode(bytes(root));

        assertThat(decoded.seq()).isNull();
        assertThat(decoded.target()).isNull();
        assertThat(decoded.expiresAt()).isNull();
        assertThat(decoded.nonce()).isNull();
    }

    @Test
    void decode_whenTypeIsUnknown_namesType() {
        ProtocolException e = decodeFails(MessageType.AGENT_STATE, r -> r.put("type", "run.exploded"));

        assertThat(e.field()).isEqualTo("type");
        assertThat(e.reason()).isEqualTo("unknown message type 'run.exploded'");
    }

    @Test
    void decode_whenProtocolVersionIs2_namesV() {
        ProtocolException e = decodeFails(MessageType.RUN_COMMAND, r -> r.put("v", 2));

        assertThat(e.field()).isEqualTo("v");
        assertThat(e.reason()).isEqualTo("protocol version 2 is not supported (this side speaks 1)");
    }

    @Test
    void decode_whenProtocolVersionOverflowsAnInt_namesV() {
        assertThat(decodeFails(MessageType.RUN_COMMAND, r -> r.put("v", 4_294_967_297L)).field()).isEqualTo("v");
    }

    @Test
    void decode_whenProtocolVersionIs2AndTheBodyHasAnotherShape_stillNamesV() {
        assertThat(decodeFails(MessageType.RUN_COMMAND, r -> {
            r.put("v", 2);
            body(r).put("runId", 17);
        }).field()).isEqualTo("v");
    }

    // ---- compact-constructor checks surface as body.<field> --------------------------------------------------------

    @Test
    void decode_whenTimeoutIsZero_namesTheFieldWithTheRange() {
        ProtocolException e = decodeFails(MessageType.RUN_COMMAND, r -> body(r).put("timeoutSeconds", 0));

        assertThat(e.field()).isEqualTo("body.timeoutSeconds");
        assertThat(e.reason()).isEqualTo("must be between 1 and 604800, was 0");
    }

    @Test
    void decode_whenArgvIsEmpty_namesArgv() {
        ProtocolException e = decodeFails(MessageType.RUN_COMMAND, r -> body(r).putArray("argv"));

        assertThat(e.field()).isEqualTo("body.argv");
        assertThat(e.reason()).isEqualTo("must name a program to run");
    }

    @Test
    void decode_whenTheProgramIsBlank_namesArgv() {
        assertThat(decodeFails(MessageType.RUN_COMMAND, r -> body(r).putArray("argv").add(" ").add("x")).field())
                .isEqualTo("body.argv");
    }

    @Test
    void decode_whenAnArgvElementIsNull_namesTheIndex() {
        assertThat(decodeFails(MessageType.RUN_COMMAND, r -> body(r).putArray("argv").add("echo").addNull())
                .field()).isEqualTo("body.argv[1]");
    }

    @Test
    void decode_whenOutputLimitIsAboveTheMaximum_namesIt() {
        assertThat(decodeFails(MessageType.RUN_COMMAND,
                r -> body(r).put("outputLimitBytes", RunCommand.MAX_OUTPUT_LIMIT + 1)).field())
                .isEqualTo("body.outputLimitBytes");
    }

    @Test
    void decode_whenRunFinishedHasANonFinalState_namesState() {
        ProtocolException e = decodeFails(MessageType.RUN_FINISHED, r -> body(r).put("state", "running"));

        assertThat(e.field()).isEqualTo("body.state");
        assertThat(e.reason()).isEqualTo("must be a final state, was running");
    }

    @Test
    void decode_whenCpuIsAbove100_namesCpuPercent() {
        assertThat(decodeFails(MessageType.AGENT_METRICS, r -> body(r).put("cpuPercent", 100.5)).field())
                .isEqualTo("body.cpuPercent");
    }

    @Test
    void decode_whenANestedTaskNameIsNotATopicLevel_namesThePathIntoTheList() {
        ProtocolException e = decodeFails(MessageType.DESIRED_BUNDLE,
                r -> ((ObjectNode) body(r).get("definitions").get("tasks").get(1)).put("name", "a/b"));

        assertThat(e.field()).isEqualTo("body.definitions.tasks[1].name");
    }

    @Test
    void decode_whenANestedTaskHasAWrongType_namesThePathIntoTheList() {
        assertThat(decodeFails(MessageType.DESIRED_BUNDLE,
                r -> ((ObjectNode) body(r).get("definitions").get("tasks").get(0)).put("timeoutSeconds", "x")).field())
                .isEqualTo("body.definitions.tasks[0].timeoutSeconds");
    }

    @Test
    void decode_whenANestedTaskMissesARequiredField_namesThePathIntoTheList() {
        assertThat(decodeFails(MessageType.DESIRED_BUNDLE,
                r -> ((ObjectNode) body(r).get("definitions").get("tasks").get(0)).remove("type")).field())
                .isEqualTo("body.definitions.tasks[0].type");
    }

    @Test
    void decode_whenATaskTypeIsUnknown_namesTheTypeAndListsTheKnownOnes() {
        ProtocolException e = decodeFails(MessageType.DESIRED_BUNDLE,
                r -> ((ObjectNode) body(r).get("definitions").get("tasks").get(0)).put("type", "teleport"));

        assertThat(e.field()).isEqualTo("body.definitions.tasks[0].type");
        assertThat(e.reason()).contains("teleport").contains("command").contains("db-backup");
    }

    @Test
    void decode_whenATaskSpecIsMissing_namesSpec() {
        assertThat(decodeFails(MessageType.DESIRED_BUNDLE,
                r -> ((ObjectNode) body(r).get("definitions").get("tasks").get(1)).remove("spec")).field())
                .isEqualTo("body.definitions.tasks[1].spec");
    }

    @Test
    void decode_whenASpecFieldIsInvalid_namesThePathIntoTheSpec() {
        ProtocolException e = decodeFails(MessageType.DESIRED_BUNDLE,
                r -> ((ObjectNode) body(r).get("definitions").get("tasks").get(1).get("spec")).put("maxRows", -1));

        assertThat(e.field()).isEqualTo("body.definitions.tasks[1].spec.maxRows");
    }

    @Test
    void decode_whenOptionalPrimitiveFieldsAreAbsent_usesTheirDefaults() {
        Envelope<?> run = codec.decode(bytes(mutate(MessageType.RUN_COMMAND,
                r -> body(r).remove("outputLimitBytes"))));
        Envelope<?> ack = codec.decode(bytes(mutate(MessageType.ACK_COMMAND, r -> body(r).remove("resend"))));

        assertThat(((RunCommand) run.body()).outputLimitBytes()).isEqualTo(RunCommand.DEFAULT_OUTPUT_LIMIT);
        assertThat(((AckCommand) ack.body()).resend()).isFalse();
    }

    @Test
    void decode_whenSeqIsZero_namesSeq() {
        assertThat(decodeFails(MessageType.RUN_OUTPUT, r -> r.put("seq", 0)).field()).isEqualTo("seq");
    }

    @Test
    void decode_whenTsIsNegative_namesTs() {
        assertThat(decodeFails(MessageType.AGENT_STATE, r -> r.put("ts", -1)).field()).isEqualTo("ts");
    }

    @Test
    void decode_whenNonceIsBlank_namesNonce() {
        assertThat(decodeFails(MessageType.RUN_COMMAND, r -> r.put("nonce", " ")).field()).isEqualTo("nonce");
    }

    @Test
    void decode_whenTargetIsAWildcard_namesTarget() {
        assertThat(decodeFails(MessageType.RUN_COMMAND, r -> r.put("target", "#")).field()).isEqualTo("target");
    }

    // ---- typed decode, round trips, parameters ---------------------------------------------------------------------

    @Test
    void decodeWithClass_whenTheBodyIsOfAnotherType_namesType() {
        byte[] cancel = bytes(golden(MessageType.CANCEL_RUN_COMMAND));

        assertThatThrownBy(() -> codec.decode(cancel, RunCommand.class)).isInstanceOf(ProtocolException.class)
                .hasMessage("type: expected RunCommand but got command.cancel").extracting("field")
                .isEqualTo("type");
    }

    @Test
    void decodeWithClass_whenTheBodyMatches_returnsTheTypedEnvelope() {
        Envelope<CancelRunCommand> cancel = codec.decode(bytes(golden(MessageType.CANCEL_RUN_COMMAND)),
                CancelRunCommand.class);

        assertThat(cancel.body().runId()).isEqualTo(UUID.fromString("00000000-0000-4000-9000-000000000003"));
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void encodeThenDecode_givesAnEqualEnvelope(MessageType type) {
        Envelope<?> sample = GoldenJsonTest.sample(type);

        assertThat(codec.decode(codec.encode(sample))).isEqualTo(sample);
    }

    @Test
    void encodeThenDecode_ofTheFactories_keepsTheirHeaders() {
        Envelope<AgentState> report = Envelope.report(AgentState.offline("0.1.0"), CLOCK);
        Envelope<RunStarted> event = Envelope.event(new RunStarted(UUID.randomUUID(), 1), 42, CLOCK);
        Envelope<AckCommand> command = Envelope.command(UUID.randomUUID(), new AckCommand(7, false), "a1",
                CLOCK.instant().plusSeconds(60), "n-1", CLOCK);

        assertThat(codec.decode(codec.encode(report))).isEqualTo(report);
        assertThat(codec.decode(codec.encode(event))).isEqualTo(event).extracting(Envelope::seq).isEqualTo(42L);
        assertThat(codec.decode(codec.encode(command))).isEqualTo(command);
        assertThat(command.expiresAt()).isEqualTo(CLOCK.millis() + 60_000);
        assertThat(report.ts()).isEqualTo(CLOCK.millis());
    }

    @Test
    void decodeParameters_readsAnObjectKeepingKeyOrder() {
        Map<String, JsonNode> parameters = codec.decodeParameters(
                "{\"zeta\":1,\"alpha\":\"x\",\"mid\":{\"n\":[1,2]}}".getBytes(StandardCharsets.UTF_8));

        assertThat(parameters).containsExactly(Map.entry("zeta", IntNode.valueOf(1)),
                Map.entry("alpha", TextNode.valueOf("x")), Map.entry("mid", parameters.get("mid")));
        assertThat(parameters.get("mid").get("n").size()).isEqualTo(2);
    }

    @Test
    void decodeParameters_ofAnEmptyObject_isEmpty() {
        assertThat(codec.decodeParameters("{}".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "[]", "\"x\"", "3"})
    void decodeParameters_whenNotAnObject_rejectsIt(String payload) {
        assertThatThrownBy(() -> codec.decodeParameters(payload.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ProtocolException.class).hasMessageStartingWith("message must be a JSON object");
    }

    @Test
    void decodeParameters_whenMalformedOrOversized_rejectsIt() {
        assertThatThrownBy(() -> codec.decodeParameters("{\"a\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ProtocolException.class).hasMessageStartingWith("malformed JSON");
        assertThatThrownBy(() -> codec.decodeParameters(new byte[MessageCodec.DEFAULT_MAX_BYTES + 1]))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("exceeds the limit");
    }

    @Test
    void readValue_namesFieldsUnderTheGivenPath() {
        byte[] definition = "{\"name\":\"a/b\",\"type\":\"command\",\"spec\":{\"program\":\"b\"}}"
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> codec.readValue(definition, TaskDefinition.class, "definition"))
                .isInstanceOf(ProtocolException.class).extracting("field").isEqualTo("definition.name");
    }

    @Test
    void readValue_ofAValidDefinition_givesTheRecord() {
        byte[] definition = ("{\"name\":\"backup\",\"type\":\"command\",\"timeoutSeconds\":5,"
                + "\"spec\":{\"program\":\"b\",\"args\":[\"--full\"]}}")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(codec.readValue(definition, TaskDefinition.class, "definition"))
                .isEqualTo(TaskDefinition.of("backup", new CommandTask("b", List.of("--full"))).withTimeoutSeconds(5));
    }

    @Test
    void protocolException_within_prefixesThePathAndKeepsTheReason() {
        ProtocolException inner = new ProtocolException("timeoutSeconds", "is required");

        ProtocolException outer = inner.within("body");

        assertThat(outer.field()).isEqualTo("body.timeoutSeconds");
        assertThat(outer.getMessage()).isEqualTo("body.timeoutSeconds: is required");
        assertThat(outer.reason()).isEqualTo("is required");
        assertThat(new ProtocolException(null, "too big").within("body").field()).isEqualTo("body");
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private ProtocolException decodeFails(String payload) {
        return decodeFails(payload.getBytes(StandardCharsets.UTF_8));
    }

    private ProtocolException decodeFails(MessageType type, Consumer<ObjectNode> change) {
        return decodeFails(bytes(mutate(type, change)));
    }

    private ProtocolException decodeFails(byte[] payload) {
        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> codec.decode(payload));
        assertThat(e).as("decode should throw ProtocolException").isNotNull();
        return e;
    }

    private ObjectNode mutate(MessageType type, Consumer<ObjectNode> change) {
        ObjectNode root = golden(type);
        change.accept(root);
        return root;
    }

    private ObjectNode golden(MessageType type) {
        try {
            return (ObjectNode) json.readTree(GoldenJsonTest.golden(type));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode body(ObjectNode root) {
        return (ObjectNode) root.get("body");
    }

    private byte[] bytes(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] padTo(ObjectNode root, int size) {
        root.put("pad", "");
        int missing = size - bytes(root).length;
        root.put("pad", "p".repeat(missing));
        byte[] padded = bytes(root);
        assertThat(padded).hasSize(size);
        return padded;
    }
}
