package io.taskrunner.protocol.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.definition.field.Endianness;
import io.taskrunner.protocol.definition.field.ModbusDataType;
import io.taskrunner.protocol.definition.field.ModbusFunction;
import io.taskrunner.protocol.definition.field.ModbusPoint;
import io.taskrunner.protocol.definition.field.SerialFlowControl;
import io.taskrunner.protocol.definition.field.SerialParity;
import io.taskrunner.protocol.definition.field.SerialPortSettings;
import io.taskrunner.protocol.definition.field.SerialStopBits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every task type through the strict codec and back, and the field paths of what it refuses. */
class TaskDefinitionJsonTest {
    private final MessageCodec codec = new MessageCodec();

    static Stream<TaskSpec> everyType() {
        return Stream.of(
                new CommandTask("echo", List.of("hello", "${who}")),
                new ShellTask("echo \"$PARAM_who\"", "bash"),
                new PowerShellTask("Write-Output $env:PARAM_who"),
                new PythonTask("import os\nprint(os.environ['PARAM_who'])"),
                new PascalTask("begin writeln('hi') end."),
                new JavaScriptTask("result = {sum: params.a + params.b};", 5),
                new SqlTask("plant-db", List.of("SELECT * FROM batches WHERE id = :id", "UPDATE x SET y = 1"), 50),
                new HttpTask("post", "https://plc.example/api/${who}", Map.of("Accept", "application/json"),
                        "{\"who\":\"${who}\"}", List.of(200, 201), true, null, true, 4096),
                new ProcessTask(ProcessAction.STOP, null, null, false, "notepad.exe", "notepad.*", null, 30),
                new OpenUrlTask("https://example.com/report?who=${who}"),
                new PowerTask(PowerAction.RESTART, 60, "Restarting for updates"),
                new MqttPublishTask("plant/line1/${who}", "{\"on\":true}", 1, true),
                new DbBackupTask("plant-db", "/var/backups/plant", 14, "script"),
                new ModbusReadTask("10.0.0.5", 5020, 3, 1500, null, List.of(
                        ModbusPoint.of("running", ModbusFunction.COILS, 0, null),
                        new ModbusPoint("temperature", ModbusFunction.HOLDING_REGISTERS, 100, ModbusDataType.FLOAT32,
                                0, 0, Endianness.LITTLE, Endianness.LITTLE, 0.1, -40.0, "°C"))),
                new ModbusWriteTask("10.0.0.5", 0, null, 0, null, ModbusFunction.HOLDING_REGISTERS, 10,
                        ModbusDataType.INT32, 0, null, Endianness.LITTLE, 10.0, null, List.of("${setpoint}", "7"),
                        true),
                new SerialReadTask(new SerialPortSettings("/dev/ttyUSB0", "0403:6001", "A9XK2", 19200, 7,
                        SerialParity.EVEN, SerialStopBits.TWO, SerialFlowControl.RTS_CTS), "\\r\\n", 0, 2000, 0,
                        "ST,GS,(?<weight>[-+0-9.]+)kg", "ISO-8859-1"),
                new SerialWriteTask(SerialPortSettings.named("COM3"), "P${copies}\\r\\n", false, "^OK",
                        "\\r\\n", 0, 1000, 0, null));
    }

    @Test
    void everyType_isCoveredByTheRoundTrip() {
        Set<TaskType> covered = everyType().map(TaskSpec::type).collect(Collectors.toCollection(
                () -> EnumSet.noneOf(TaskType.class)));

        assertThat(covered).containsExactlyInAnyOrderElementsOf(Arrays.asList(TaskType.values()));
    }

    @ParameterizedTest
    @MethodSource("everyType")
    void definition_roundTripsThroughTheCodec_withTypeBesideItsSpec(TaskSpec spec) throws IOException {
        TaskDefinition definition = fullDefinition(spec);

        byte[] bytes = codec.mapper().writeValueAsBytes(definition);
        TaskDefinition read = codec.readValue(bytes, TaskDefinition.class, "definition");

        assertThat(read).isEqualTo(definition);
        assertThat(read.type()).isEqualTo(spec.type());
        JsonNode tree = codec.mapper().readTree(bytes);
        assertThat(tree.get("type").asText()).isEqualTo(spec.type().wire());
        assertThat(tree.get("spec").isObject()).isTrue();
        assertThat(tree.get("spec").has("type")).as("the type id lives beside the spec, not in it").isFalse();
        assertThat(tree.has("enabled")).isTrue();
    }

    @ParameterizedTest
    @MethodSource("everyType")
    void minimalDefinition_roundTripsAndGetsTheDefaults(TaskSpec spec) throws JsonProcessingException {
        TaskDefinition definition = TaskDefinition.of("minimal", spec);

        TaskDefinition read = codec.readValue(codec.mapper().writeValueAsBytes(definition), TaskDefinition.class,
                "definition");

        assertThat(read).isEqualTo(definition);
        assertThat(read.channel()).isEqualTo(TaskDefinition.DEFAULT_CHANNEL);
        assertThat(read.timeoutSeconds()).isEqualTo(TaskDefinition.DEFAULT_TIMEOUT_SECONDS);
        assertThat(read.outputLimitBytes()).isEqualTo(TaskDefinition.DEFAULT_OUTPUT_LIMIT);
        assertThat(read.retry()).isEqualTo(RetryPolicy.NONE);
        assertThat(read.isEnabled()).isTrue();
    }

    @Test
    void handWrittenJson_withOnlyTheRequiredFields_isRead() {
        TaskDefinition read = read("{\"name\":\"sum\",\"type\":\"javascript\","
                + "\"parameters\":[{\"name\":\"a\",\"type\":\"int\",\"required\":true},"
                + "{\"name\":\"b\",\"type\":\"int\",\"default\":2}],"
                + "\"spec\":{\"script\":\"result = {sum: params.a + params.b}\"}}");

        assertThat(read.spec()).isEqualTo(new JavaScriptTask("result = {sum: params.a + params.b}", 0));
        assertThat(read.parameters()).extracting(ParameterSpec::name).containsExactly("a", "b");
        assertThat(read.parameters().get(1).defaultValue()).isEqualTo(2L);
        assertThat(read.parameters().get(0).required()).isTrue();
    }

    @Test
    void specDefaults_areAppliedWhenRead() {
        SqlTask sql = (SqlTask) read("{\"name\":\"q\",\"type\":\"sql\",\"spec\":{\"datasource\":\"db\","
                + "\"statements\":[\"SELECT 1\"]}}").spec();
        HttpTask http = (HttpTask) read("{\"name\":\"h\",\"type\":\"http\",\"spec\":{\"url\":\"http://x\"}}").spec();
        DbBackupTask backup = (DbBackupTask) read("{\"name\":\"b\",\"type\":\"db-backup\",\"spec\":"
                + "{\"datasource\":\"db\",\"folder\":\"/b\"}}").spec();

        assertThat(sql.maxRows()).isEqualTo(SqlTask.DEFAULT_MAX_ROWS);
        assertThat(http.method()).isEqualTo("GET");
        assertThat(http.maxResponseBytes()).isEqualTo(HttpTask.DEFAULT_MAX_RESPONSE_BYTES);
        assertThat(http.accepts(204)).isTrue();
        assertThat(http.accepts(302)).isFalse();
        assertThat(backup.keep()).isEqualTo(DbBackupTask.DEFAULT_KEEP);
    }

    // ---- what is refused, and where --------------------------------------------------------------------------

    @Test
    void specFieldOutOfRange_namesThePathIntoTheSpec() {
        ProtocolException e = refused("{\"name\":\"q\",\"type\":\"sql\",\"spec\":{\"datasource\":\"db\","
                + "\"statements\":[\"SELECT 1\"],\"maxRows\":-1}}");

        assertThat(e.field()).isEqualTo("definition.spec.maxRows");
        assertThat(e.reason()).contains("must be between 1 and 100000, was -1");
    }

    @Test
    void specFieldOfTheWrongJsonType_namesThePathIntoTheSpec() {
        ProtocolException e = refused("{\"name\":\"q\",\"type\":\"sql\",\"spec\":{\"datasource\":\"db\","
                + "\"statements\":[\"SELECT 1\"],\"maxRows\":\"many\"}}");

        assertThat(e.field()).isEqualTo("definition.spec.maxRows");
        assertThat(e.reason()).contains("expected an integer");
    }

    @Test
    void missingRequiredSpecField_namesIt() {
        assertThat(refused("{\"name\":\"c\",\"type\":\"command\",\"spec\":{}}").field())
                .isEqualTo("definition.spec.program");
        assertThat(refused("{\"name\":\"q\",\"type\":\"sql\",\"spec\":{\"datasource\":\"db\"}}").field())
                .isEqualTo("definition.spec.statements");
    }

    @Test
    void invalidValueInsideASpecList_namesTheElement() {
        ProtocolException e = refused("{\"name\":\"q\",\"type\":\"sql\",\"spec\":{\"datasource\":\"db\","
                + "\"statements\":[\"SELECT 1\",\"  \"]}}");

        assertThat(e.field()).isEqualTo("definition.spec.statements[1]");
        assertThat(e.reason()).isEqualTo("must not be blank");
    }

    @Test
    void unknownType_namesTypeAndListsTheKnownOnes() {
        ProtocolException e = refused("{\"name\":\"t\",\"type\":\"teleport\",\"spec\":{}}");

        assertThat(e.field()).isEqualTo("definition.type");
        assertThat(e.reason()).contains("'teleport'");
        for (TaskType type : TaskType.values()) {
            assertThat(e.reason()).contains(type.wire());
        }
    }

    @Test
    void missingTypeOrSpec_namesThem() {
        assertThat(refused("{\"name\":\"t\",\"spec\":{\"program\":\"x\"}}").field()).isEqualTo("definition.type");
        assertThat(refused("{\"name\":\"t\",\"type\":\"command\"}").field()).isEqualTo("definition.spec");
    }

    @Test
    void duplicateParameterName_namesTheSecondDeclaration() {
        ProtocolException e = refused("{\"name\":\"t\",\"type\":\"command\",\"spec\":{\"program\":\"x\"},"
                + "\"parameters\":[{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"a\",\"type\":\"string\"}]}");

        assertThat(e.field()).isEqualTo("definition.parameters[1].name");
        assertThat(e.reason()).isEqualTo("'a' is declared twice");
    }

    @Test
    void invalidParameterDeclaration_namesTheParameterField() {
        assertThat(refused(withParameter("{\"name\":\"1a\",\"type\":\"int\"}")).field())
                .isEqualTo("definition.parameters[0].name");
        assertThat(refused(withParameter("{\"name\":\"a\",\"type\":\"decimal\"}")).field())
                .isEqualTo("definition.parameters[0].type");
        assertThat(refused(withParameter("{\"name\":\"a\",\"type\":\"enum\"}")).field())
                .isEqualTo("definition.parameters[0].values");
        assertThat(refused(withParameter("{\"name\":\"a\",\"type\":\"int\",\"min\":5,\"max\":1}")).field())
                .isEqualTo("definition.parameters[0].min");
        assertThat(refused(withParameter("{\"name\":\"a\",\"type\":\"string\",\"pattern\":\"[\"}")).field())
                .isEqualTo("definition.parameters[0].pattern");
        assertThat(refused(withParameter("{\"name\":\"a\",\"type\":\"int\",\"default\":\"x\"}")).field())
                .isEqualTo("definition.parameters[0].default");
    }

    @Test
    void invalidCommonFields_areNamed() {
        assertThat(refused(withCommon(n -> n.put("name", "a/b"))).field()).isEqualTo("definition.name");
        assertThat(refused(withCommon(n -> n.put("channel", "a#b"))).field()).isEqualTo("definition.channel");
        assertThat(refused(withCommon(n -> n.put("timeoutSeconds", -1))).field())
                .isEqualTo("definition.timeoutSeconds");
        assertThat(refused(withCommon(n -> n.put("outputLimitBytes", TaskDefinition.MAX_OUTPUT_LIMIT + 1))).field())
                .isEqualTo("definition.outputLimitBytes");
        assertThat(refused(withCommon(n -> n.putObject("retry").put("count", 101))).field())
                .isEqualTo("definition.retry.count");
        assertThat(refused(withCommon(n -> n.putObject("env").put("A=B", "x"))).field())
                .isEqualTo("definition.env");
        assertThat(refused(withCommon(n -> n.put("enabled", "yes"))).field()).isEqualTo("definition.enabled");
    }

    @Test
    void nullInsideAListOrMap_namesTheElement_insteadOfFailingAnonymously() {
        assertThat(refused(withCommon(n -> n.putObject("env").putNull("A"))).field()).isEqualTo("definition.env.A");
        assertThat(refused(withCommon(n -> ((ObjectNode) n.get("spec")).putArray("args").add("a").addNull()))
                .field()).isEqualTo("definition.spec.args[1]");
        assertThat(refused(withCommon(n -> n.putArray("parameters").addNull())).field())
                .isEqualTo("definition.parameters[0]");
        assertThat(refused(withParameter("{\"name\":\"a\",\"type\":\"enum\",\"values\":[\"x\",null]}")).field())
                .isEqualTo("definition.parameters[0].values[1]");
        assertThat(refused("{\"name\":\"h\",\"type\":\"http\",\"spec\":{\"url\":\"http://x\","
                + "\"headers\":{\"Accept\":null}}}").field()).isEqualTo("definition.spec.headers.Accept");
        assertThat(refused("{\"name\":\"h\",\"type\":\"http\",\"spec\":{\"url\":\"http://x\","
                + "\"expectStatus\":[200,null]}}").field()).isEqualTo("definition.spec.expectStatus[1]");
        assertThat(refused("{\"name\":\"p\",\"type\":\"process\",\"spec\":{\"action\":\"start\","
                + "\"program\":\"x\",\"args\":[null]}}").field()).isEqualTo("definition.spec.args[0]");
    }

    @Test
    void specSpecificRules_areNamed() {
        assertThat(refused("{\"name\":\"h\",\"type\":\"http\",\"spec\":{\"url\":\"ftp://x\"}}").field())
                .isEqualTo("definition.spec.url");
        assertThat(refused("{\"name\":\"h\",\"type\":\"http\",\"spec\":{\"url\":\"http://x\",\"method\":\"BREW\"}}")
                .field()).isEqualTo("definition.spec.method");
        assertThat(refused("{\"name\":\"p\",\"type\":\"process\",\"spec\":{\"action\":\"kill\"}}").field())
                .isEqualTo("definition.spec.name");
        assertThat(refused("{\"name\":\"p\",\"type\":\"process\",\"spec\":{\"action\":\"start\"}}").field())
                .isEqualTo("definition.spec.program");
        assertThat(refused("{\"name\":\"p\",\"type\":\"process\",\"spec\":{\"action\":\"explode\"}}").field())
                .isEqualTo("definition.spec.action");
        assertThat(refused("{\"name\":\"m\",\"type\":\"mqtt-publish\",\"spec\":{\"topic\":\"a/#\"}}").field())
                .isEqualTo("definition.spec.topic");
        assertThat(refused("{\"name\":\"m\",\"type\":\"mqtt-publish\",\"spec\":{\"topic\":\"a\",\"qos\":3}}").field())
                .isEqualTo("definition.spec.qos");
        assertThat(refused("{\"name\":\"s\",\"type\":\"shell\",\"spec\":{\"script\":\"a\\u0000b\"}}").field())
                .isEqualTo("definition.spec.script");
        assertThat(refused("{\"name\":\"w\",\"type\":\"power\",\"spec\":{\"action\":\"restart\","
                + "\"delaySeconds\":-5}}").field()).isEqualTo("definition.spec.delaySeconds");
        assertThat(refused("{\"name\":\"b\",\"type\":\"db-backup\",\"spec\":{\"datasource\":\"a/b\","
                + "\"folder\":\"/b\"}}").field()).isEqualTo("definition.spec.datasource");
        assertThat(refused("{\"name\":\"j\",\"type\":\"javascript\",\"spec\":{\"script\":\"x\","
                + "\"cpuSeconds\":-1}}").field()).isEqualTo("definition.spec.cpuSeconds");
    }

    @Test
    void unknownFields_areIgnored_forForwardCompatibility() {
        TaskDefinition read = read("{\"name\":\"c\",\"type\":\"command\",\"future\":1,"
                + "\"spec\":{\"program\":\"x\",\"futureToo\":{\"a\":1}}}");

        assertThat(read).isEqualTo(TaskDefinition.of("c", new CommandTask("x", List.of())));
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static TaskDefinition fullDefinition(TaskSpec spec) {
        List<ParameterSpec> parameters = List.of(
                new ParameterSpec("who", ParameterType.STRING, "Whom to greet", true, null, "[A-Za-z]+", 1.0, 20.0,
                        null, false),
                new ParameterSpec("count", ParameterType.INT, null, false, 3, null, 1.0, 10.0, null, false),
                new ParameterSpec("ratio", ParameterType.NUMBER, null, false, 0.5, null, null, null, null, false),
                new ParameterSpec("loud", ParameterType.BOOL, null, false, true, null, null, null, null, false),
                new ParameterSpec("mode", ParameterType.ENUM, null, false, "fast", null, null, null,
                        List.of("fast", "safe"), false),
                new ParameterSpec("input", ParameterType.FILE, null, false, null, null, null, null, null, false),
                new ParameterSpec("token", ParameterType.STRING, null, false, null, null, null, null, null, true));
        return new TaskDefinition("full-" + spec.type().wire(), "Does " + spec.type().wire(), parameters, 90,
                "line-1", new RetryPolicy(3, 5, 1.5, 60), "/srv/work", Map.of("LANG", "C.UTF-8"), 4096, false, spec);
    }

    private TaskDefinition read(String json) {
        return codec.readValue(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), TaskDefinition.class,
                "definition");
    }

    private ProtocolException refused(String json) {
        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> read(json));
        assertThat(e).as("refused: %s", json).isNotNull();
        return e;
    }

    private static String withParameter(String parameter) {
        return "{\"name\":\"t\",\"type\":\"command\",\"spec\":{\"program\":\"x\"},\"parameters\":[" + parameter + "]}";
    }

    private String withCommon(Consumer<ObjectNode> change) {
        ObjectNode node = codec.mapper().createObjectNode();
        node.put("name", "t");
        node.put("type", "command");
        node.putObject("spec").put("program", "x");
        change.accept(node);
        try {
            return codec.mapper().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
