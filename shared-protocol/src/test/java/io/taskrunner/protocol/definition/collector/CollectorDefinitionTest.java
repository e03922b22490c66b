package io.taskrunner.protocol.definition.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.definition.DefinitionReferences;
import io.taskrunner.protocol.definition.DefinitionSet;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Collectors: one source, values named by it, thresholds over those names, references to tasks and datasources. */
class CollectorDefinitionTest {
    private static final String MODBUS = "\"type\":\"modbus-read\",\"spec\":{\"host\":\"plc\",\"points\":["
            + "{\"name\":\"temperature\",\"function\":\"input-registers\",\"address\":0,\"scale\":0.1},"
            + "{\"name\":\"line_idle\",\"function\":\"coils\",\"address\":5}]}";
    private final MessageCodec codec = new MessageCodec();

    private CollectorDefinition read(String json) {
        return codec.readValue(json.getBytes(StandardCharsets.UTF_8), CollectorDefinition.class, "collector");
    }

    private ProtocolException refused(String json) {
        return catchThrowableOfType(ProtocolException.class, () -> read(json));
    }

    @Test
    void modbusCollector_withEveryPart_roundTrips() {
        CollectorDefinition collector = read("{\"name\":\"press\",\"every\":\"PT0.5S\"," + MODBUS + ","
                + "\"publish\":{\"topic\":\"plant/press\",\"onlyChanges\":true},"
                + "\"store\":{\"datasource\":\"plant\",\"table\":\"plant.press_values\"},"
                + "\"thresholds\":[{\"name\":\"hot\",\"condition\":\"temperature > 90\",\"alert\":\"critical\"},"
                + "{\"name\":\"idle\",\"condition\":\"line_idle\",\"forSeconds\":60,\"task\":\"maintenance\"}]}");

        assertThat(collector.period()).isEqualTo(Duration.ofMillis(500));
        assertThat(collector.valueNames()).containsExactly("temperature", "line_idle");
        assertThat(collector.isEnabled()).isTrue();
        assertThat(collector.thresholds()).hasSize(2);
        CollectorDefinition again = codec.readValue(codec.mapper().valueToTree(collector).toString()
                .getBytes(StandardCharsets.UTF_8), CollectorDefinition.class, "collector");
        assertThat(again).isEqualTo(collector);
    }

    @Test
    void serialCollector_valuesAreThePatternsNamedGroups() {
        CollectorDefinition collector = read("{\"name\":\"scale\",\"every\":\"PT1S\",\"type\":\"serial-read\","
                + "\"spec\":{\"serial\":{\"port\":\"/dev/ttyUSB0\"},\"delimiter\":\"\\\\r\\\\n\","
                + "\"pattern\":\"(?<state>ST|US),GS,(?<weight>[-+0-9.]+)kg\"},"
                + "\"thresholds\":[{\"name\":\"heavy\",\"condition\":\"weight > 50\",\"alert\":\"warning\"}]}");

        assertThat(collector.valueNames()).containsExactly("state", "weight");
    }

    @Test
    void refusals_nameTheField() {
        assertThat(refused("{\"name\":\"c\",\"every\":\"PT1S\"}").getMessage())
                .isEqualTo("collector.spec: is required");
        assertThat(refused("{\"name\":\"c\",\"every\":\"PT1S\",\"type\":\"command\",\"spec\":"
                + "{\"program\":\"rm\"}}").getMessage()).contains("collector.type")
                .contains("modbus-read or serial-read, not command");
        assertThat(refused("{\"name\":\"c\",\"every\":\"PT0.01S\"," + MODBUS + "}").getMessage())
                .contains("collector.every").contains("between PT0.1S and P1D");
        assertThat(refused("{\"name\":\"c\",\"every\":\"soon\"," + MODBUS + "}").getMessage())
                .contains("'soon' is not an ISO-8601 duration");
        assertThat(refused("{\"name\":\"c\",\"every\":\"PT1S\"," + MODBUS + ",\"thresholds\":[{\"name\":\"t\","
                + "\"condition\":\"pressure > 3\",\"alert\":\"info\"}]}").getMessage())
                .contains("collector.thresholds[0].condition").contains("reads 'pressure'")
                .contains("[temperature, line_idle]");
        assertThat(refused("{\"name\":\"c\",\"every\":\"PT1S\"," + MODBUS + ",\"thresholds\":[{\"name\":\"t\","
                + "\"condition\":\"temperature > 3\"}]}").getMessage())
                .contains("collector.thresholds[0].task").contains("set task or alert");
        assertThat(refused("{\"name\":\"c\",\"every\":\"PT1S\",\"type\":\"serial-read\","
                + "\"spec\":{\"serial\":{\"port\":\"COM1\"}}}").getMessage())
                .contains("collector.spec.pattern: is required");
        assertThat(refused("{\"name\":\"c\",\"every\":\"PT1S\"," + MODBUS + ",\"store\":{\"datasource\":\"db\","
                + "\"table\":\"x; DROP TABLE y\"}}").getMessage()).contains("collector.store.table")
                .contains("plain table name");
        assertThat(refused("{\"name\":\"c\",\"every\":\"PT1S\"," + MODBUS + ",\"publish\":{\"topic\":\"a/#\"}}")
                .getMessage()).contains("collector.publish.topic").contains("wildcards");
    }

    @Test
    void references_toTasksAndDatasources_areChecked() {
        CollectorDefinition collector = read("{\"name\":\"press\",\"every\":\"PT1S\"," + MODBUS + ","
                + "\"store\":{\"datasource\":\"plant\",\"table\":\"press_values\"}}");
        DefinitionSet set = new DefinitionSet(null, null, null, null, null, null, null, List.of(collector));

        assertThat(catchThrowableOfType(ProtocolException.class, () -> DefinitionReferences.check(set)).getMessage())
                .isEqualTo("collectors[0].store.datasource: names datasource 'plant', which is not defined");

        CollectorDefinition idle = read("{\"name\":\"press\",\"every\":\"PT1S\"," + MODBUS + ",\"thresholds\":["
                + "{\"name\":\"idle\",\"condition\":\"line_idle\",\"task\":\"maintenance\"}]}");
        assertThat(catchThrowableOfType(ProtocolException.class, () -> DefinitionReferences.check(
                new DefinitionSet(null, null, null, null, null, null, null, List.of(idle)))).getMessage())
                .isEqualTo("collectors[0].thresholds[0].task: names task 'maintenance', which is not defined");
    }

    @Test
    void overriddenBy_replacesCollectorsByName() {
        CollectorDefinition first = read("{\"name\":\"press\",\"every\":\"PT1S\"," + MODBUS + "}");
        CollectorDefinition second = read("{\"name\":\"press\",\"every\":\"PT2S\"," + MODBUS + "}");
        DefinitionSet merged = new DefinitionSet(null, null, null, null, null, null, null, List.of(first))
                .overriddenBy(new DefinitionSet(null, null, null, null, null, null, null, List.of(second)));

        assertThat(merged.collectors()).containsExactly(second);
    }
}
