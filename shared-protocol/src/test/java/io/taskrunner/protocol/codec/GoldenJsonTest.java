package io.taskrunner.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskrunner.protocol.definition.ChannelDefinition;
import io.taskrunner.protocol.definition.DatasourceDefinition;
import io.taskrunner.protocol.definition.DefinitionSet;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.ParameterType;
import io.taskrunner.protocol.definition.RetryPolicy;
import io.taskrunner.protocol.definition.ShellTask;
import io.taskrunner.protocol.definition.SqlTask;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.message.AckCommand;
import io.taskrunner.protocol.message.AgentMetrics;
import io.taskrunner.protocol.message.AgentState;
import io.taskrunner.protocol.message.AgentStatus;
import io.taskrunner.protocol.message.AlertRaised;
import io.taskrunner.protocol.message.AlertSeverity;
import io.taskrunner.protocol.message.CancelRunCommand;
import io.taskrunner.protocol.message.ChannelStatus;
import io.taskrunner.protocol.message.CollectorValues;
import io.taskrunner.protocol.message.CommandRejected;
import io.taskrunner.protocol.message.DesiredApplied;
import io.taskrunner.protocol.message.DesiredBundle;
import io.taskrunner.protocol.message.Envelope;
import io.taskrunner.protocol.message.JobFile;
import io.taskrunner.protocol.message.KeyRotateCommand;
import io.taskrunner.protocol.message.KeyRotated;
import io.taskrunner.protocol.message.MessageBody;
import io.taskrunner.protocol.message.MessageType;
import io.taskrunner.protocol.message.NextJobRequest;
import io.taskrunner.protocol.message.OutputStreamName;
import io.taskrunner.protocol.message.RunCommand;
import io.taskrunner.protocol.message.RunFinished;
import io.taskrunner.protocol.message.RunOutput;
import io.taskrunner.protocol.message.RunProgress;
import io.taskrunner.protocol.message.RunQueued;
import io.taskrunner.protocol.message.RunRetrying;
import io.taskrunner.protocol.message.RunStarted;
import io.taskrunner.protocol.message.RunState;
import io.taskrunner.protocol.message.RunTaskCommand;
import io.taskrunner.protocol.message.ScheduleFired;
import io.taskrunner.protocol.message.ScheduleOutcome;
import io.taskrunner.protocol.message.SignedMessage;
import io.taskrunner.protocol.message.TriggerReply;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pins the wire shape of every message type to a hand-written file under {@code src/test/resources/golden}. A change
 * to a record, an enum's wire name or the codec's header layout breaks this test and so needs a deliberate update
 * of the golden file, which is what peers on other versions read.
 */
class GoldenJsonTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-14T09:26:53.589Z"), ZoneOffset.UTC);
    static final long TS = 1_741_944_413_589L;
    static final String TARGET = "agent-01";
    static final Instant EXPIRES_AT = CLOCK.instant().plus(Duration.ofMinutes(5));
    static final String NONCE = "0123456789abcdef0123456789abcdef";
    static final UUID RUN_ID = UUID.fromString("00000000-0000-4000-9000-000000000003");
    static final UUID RUN_COMMAND_ID = id(3);
    static final String FILE_SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private final MessageCodec codec = new MessageCodec();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void fixedClock_matchesTheTimestampInTheGoldenFiles() {
        assertThat(CLOCK.millis()).isEqualTo(TS);
        assertThat(EXPIRES_AT.toEpochMilli()).isEqualTo(1_741_944_713_589L);
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void encode_ofTheSample_equalsTheGoldenFileAsAJsonTree(MessageType type) throws IOException {
        JsonNode encoded = json.readTree(codec.encode(sample(type)));
        JsonNode golden = json.readTree(golden(type));

        assertThat(encoded).as("encoded %s vs golden/%s.json", type.wireName(), type.wireName()).isEqualTo(golden);
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void decode_ofTheGoldenFile_givesTheSampleBack(MessageType type) throws IOException {
        Envelope<?> decoded = codec.decode(golden(type));

        assertThat(decoded).isEqualTo(sample(type));
        assertThat(decoded.type()).isEqualTo(type);
        assertThat(decoded.body()).isInstanceOf(type.bodyType());
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void goldenFile_hasExactlyTheHeaderFieldsOfItsKind(MessageType type) throws IOException {
        JsonNode golden = json.readTree(golden(type));
        Set<String> expected = switch (type.kind()) {
            case REPORT -> Set.of("type", "id", "ts", "v", "body");
            case EVENT -> Set.of("type", "id", "ts", "v", "seq", "body");
            case COMMAND -> Set.of("type", "id", "ts", "v", "target", "expiresAt", "nonce", "body");
        };
        Set<String> actual = golden.properties().stream().map(Map.Entry::getKey).collect(Collectors.toSet());

        assertThat(actual).isEqualTo(expected);
        assertThat(golden.get("type").textValue()).isEqualTo(type.wireName());
        assertThat(golden.get("v").intValue()).isEqualTo(Envelope.PROTOCOL_VERSION);
    }

    @Test
    void encode_omitsNullFieldsButKeepsPrimitiveDefaults() throws IOException {
        JsonNode body = json.readTree(codec.encode(sample(MessageType.DESIRED_BUNDLE))).get("body");
        JsonNode countOrders = body.get("definitions").get("tasks").get(1);

        assertThat(countOrders.has("description")).isFalse();
        assertThat(countOrders.has("enabled")).isFalse();
        assertThat(countOrders.get("timeoutSeconds").intValue()).isEqualTo(TaskDefinition.DEFAULT_TIMEOUT_SECONDS);
        assertThat(countOrders.get("type").textValue()).isEqualTo("sql");
        assertThat(json.readTree(codec.encode(sample(MessageType.TRIGGER_REPLY))).get("body").has("error")).isFalse();
    }

    @Test
    void goldenFiles_areExactlyOnePerMessageType() throws IOException, URISyntaxException {
        URL dir = GoldenJsonTest.class.getClassLoader().getResource("golden");
        assertThat(dir).as("golden resource folder").isNotNull();
        Set<String> files;
        try (Stream<Path> list = Files.list(Path.of(dir.toURI()))) {
            files = list.map(path -> path.getFileName().toString()).collect(Collectors.toSet());
        }
        Set<String> expected = Arrays.stream(MessageType.values()).map(type -> type.wireName() + ".json")
                .collect(Collectors.toSet());

        assertThat(files).isEqualTo(expected);
    }

    static byte[] golden(MessageType type) throws IOException {
        String resource = "/golden/" + type.wireName() + ".json";
        try (InputStream in = GoldenJsonTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return in.readAllBytes();
        }
    }

    /** The sample of each type; a switch expression, so a new type does not compile until it has one. */
    static Envelope<?> sample(MessageType type) {
        return switch (type) {
            case AGENT_STATE -> report(1, new AgentState(AgentStatus.ONLINE, "0.1.0", "build-01", "Linux", "6.8.0",
                    "amd64", List.of("10.0.0.5", "fe80::1"), TS - 3_600_000));
            case AGENT_METRICS -> report(2, new AgentMetrics(12.5, 4_294_967_296L, 17_179_869_184L,
                    107_374_182_400L, 512_110_190_592L, 86_400, 2,
                    List.of(new ChannelStatus("default", 5, 2, 7, 1, 120, 3))));
            case RUN_COMMAND -> command(3, new RunCommand(RUN_ID, List.of("echo", "hello world"), "/srv/jobs",
                    Map.of("LANG", "C.UTF-8", "TZ", "UTC"), 30, 0));
            case CANCEL_RUN_COMMAND -> command(4, new CancelRunCommand(RUN_ID));
            case ACK_COMMAND -> command(5, new AckCommand(41, true));
            case SIGNED -> report(6, new SignedMessage(
                    "{\"type\":\"command.cancel\",\"id\":\"00000000-0000-4000-8000-000000000004\",\"ts\":" + TS
                            + ",\"v\":1,\"target\":\"agent-01\",\"expiresAt\":" + EXPIRES_AT.toEpochMilli()
                            + ",\"nonce\":\"" + NONCE
                            + "\",\"body\":{\"runId\":\"00000000-0000-4000-9000-000000000003\"}}",
                    "c2lnbmF0dXJlLW9mLXRoZS1wYXlsb2FkLWJ5dGVzLXdpdGgtdGhlLWNvbnNvbGUta2V5LTY0LWJ5dGVzLWxvbmc=",
                    "3f2a9c0d1e4b5a67"));
            case RUN_TASK_COMMAND -> command(15, new RunTaskCommand(RUN_ID, "weigh-batch", null,
                    orderedMap("batch", "B-17", "count", 3), 5, null, 30, new JobFile("recipe-b17.csv",
                    FILE_SHA256, 4, "https://console.example:8643/files/" + FILE_SHA256)));
            case RUN_QUEUED -> event(7, new RunQueued(RUN_ID, RUN_COMMAND_ID, "weigh-batch", "scales",
                    TS + 30_000, null));
            case RUN_STARTED -> event(8, new RunStarted(RUN_ID, 4242, 2));
            case RUN_RETRYING -> event(16, new RunRetrying(RUN_ID, 1, RunState.FAILED, 3, "exit code 3",
                    TS + 10_000));
            case RUN_PROGRESS -> event(20, new RunProgress(RUN_ID, 40, "Copying files (12 of 30)"));
            case NEXT_JOB_REQUEST -> report(21, new NextJobRequest(NextJobRequest.CONNECTED));
            case RUN_OUTPUT -> event(9, new RunOutput(RUN_ID, OutputStreamName.STDERR,
                    "héllo wörld ✓ 你好\n\tdone \"quoted\"\n"));
            case RUN_FINISHED -> {
                ObjectNode row = new ObjectMapper().createObjectNode().put("id", 1).put("weight", 12.5);
                ObjectNode result = new ObjectMapper().createObjectNode().put("rowCount", 1);
                result.putArray("rows").add(row);
                yield event(10, new RunFinished(RUN_ID, RunState.TIMED_OUT, 137, 30_012, 2048, true,
                        "killed after 30 s", "weigh-batch", 2, result));
            }
            case DESIRED_APPLIED -> event(18, new DesiredApplied(4, false, "definitions.triggers[0].task",
                    "names task 'cool-down', which the bundle does not define"));
            case COMMAND_REJECTED -> event(11, new CommandRejected(RUN_COMMAND_ID, "body.timeoutSeconds",
                    "must be between 1 and 604800, was 0"));
            case ALERT_RAISED -> event(12, new AlertRaised(UUID.fromString("00000000-0000-4000-a000-000000000012"),
                    "disk-free", AlertSeverity.CRITICAL, "Disk / has 2% free", false));
            case DESIRED_BUNDLE -> command(13, new DesiredBundle(3, new DefinitionSet(List.of(
                    new TaskDefinition("cleanup", "Delete old exports", List.of(new ParameterSpec("days",
                            ParameterType.INT, null, false, 30, null, 1.0, 365.0, null, false)), 600, "maintenance",
                            new RetryPolicy(2, 10, 2, 60), "/srv/exports", Map.of("LANG", "C.UTF-8"), 65_536, true,
                            new ShellTask("find . -mtime +\"$PARAM_days\" -delete", null)),
                    TaskDefinition.of("count-orders", new SqlTask("erp", List.of("SELECT count(*) AS n FROM orders"),
                            0))),
                    List.of(new DatasourceDefinition("erp", "jdbc:postgresql://db:5432/erp", "report",
                            "env:ERP_PASSWORD", null)),
                    List.of(new ChannelDefinition("maintenance", 1, true))), List.of("line1", "packing")));
            case SCHEDULE_FIRED -> event(17, new ScheduleFired("nightly-backup", TS - 12, TS, ScheduleOutcome.STARTED,
                    RUN_ID, 0, null, List.of(TS + 86_400_000L, TS + 2 * 86_400_000L)));
            case COLLECTOR_VALUES -> report(19, new CollectorValues("press-1", orderedMap("temperature", 71.5,
                    "running", true), null));
            case KEY_ROTATE_COMMAND -> command(22, new KeyRotateCommand("9f86d081884c7d65",
                    "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=", TS - 1000));
            case KEY_ROTATED -> event(23, new KeyRotated("9f86d081884c7d65", "2c26b46b68ffc68f"));
            case TRIGGER_REPLY -> {
                ObjectNode result = new ObjectMapper().createObjectNode().put("rows", 3).put("ok", true);
                result.putArray("items").add("a").add("b");
                yield report(14, new TriggerReply(UUID.fromString("00000000-0000-4000-9000-000000000014"),
                        RunState.SUCCEEDED, 0, result, null));
            }
        };
    }

    private static Map<String, Object> orderedMap(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }

    static UUID id(int n) {
        return UUID.fromString(String.format("00000000-0000-4000-8000-%012d", n));
    }

    private static <B extends MessageBody> Envelope<B> report(int n, B body) {
        return new Envelope<>(MessageType.of(body), id(n), CLOCK.millis(), Envelope.PROTOCOL_VERSION, null, null, null,
                null, body);
    }

    private static <B extends MessageBody> Envelope<B> event(long seq, B body) {
        return new Envelope<>(MessageType.of(body), id((int) seq), CLOCK.millis(), Envelope.PROTOCOL_VERSION, seq,
                null, null, null, body);
    }

    private static <B extends MessageBody> Envelope<B> command(int n, B body) {
        return Envelope.command(id(n), body, TARGET, EXPIRES_AT, NONCE, CLOCK);
    }
}
