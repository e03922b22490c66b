package io.taskrunner.agent.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.agent.transport.DeviceMessage;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.DeviceFileLimits;
import io.taskrunner.protocol.definition.MappingSource;
import io.taskrunner.protocol.definition.ParameterMapping;
import io.taskrunner.protocol.definition.TriggerRule;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PayloadMapperTest {
    @TempDir
    Path dataDir;

    private PayloadMapper mapper() {
        return new PayloadMapper(new DeviceFiles(dataDir, Clock.systemUTC()));
    }

    private static DeviceMessage message(String topic, byte[] payload, String contentType) {
        return new DeviceMessage(topic, payload, contentType, null, null, null);
    }

    private static DeviceMessage message(String topic, String payload) {
        return message(topic, payload.getBytes(StandardCharsets.UTF_8), null);
    }

    private static TriggerRule rule(ParameterMapping... mappings) {
        return new TriggerRule("r", null, "factory/+/oven/#", "t", List.of(mappings), null, 0, false,
                new DeviceFileLimits(1000, null, List.of("image/jpeg")), null, null);
    }

    @Test
    void builtIn_takesAJsonObjectAsTheParameters() {
        Map<String, Object> values = mapper().builtIn(message("t", "{\"batch\": \"B-17\", \"kg\": 12.5, \"ok\": true,"
                + " \"none\": null}"));

        assertThat(values).containsOnly(Map.entry("batch", "B-17"), Map.entry("kg", new BigDecimal("12.5")),
                Map.entry("ok", true));
    }

    @Test
    void builtIn_emptyPayloadMeansNoParameters_anythingButAnObjectIsRefused() {
        assertThat(mapper().builtIn(message("t", ""))).isEmpty();
        assertThatThrownBy(() -> mapper().builtIn(message("t", "[1, 2]")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> mapper().builtIn(message("t", "not json")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void map_fromJsonPointerTextRegexAndTopicLevels() {
        TriggerRule rule = rule(
                new ParameterMapping("temp", MappingSource.JSON, "/readings/0/value", null, null, null),
                new ParameterMapping("sensor", null, null, null, null, null),
                new ParameterMapping("line", MappingSource.TOPIC, null, null, null, 1),
                new ParameterMapping("raw", MappingSource.TEXT, null, null, null, null),
                new ParameterMapping("unit", MappingSource.REGEX, null, "\"unit\":\\s*\"(\\w+)\"", null, null));
        String payload = "{\"sensor\": \"oven-2\", \"unit\": \"C\", \"readings\": [{\"value\": 85.5}]}";

        PayloadMapper.Mapped mapped = mapper().map(rule, message("factory/line1/oven/temp", payload));

        assertThat(mapped.parameters()).containsOnly(Map.entry("temp", new BigDecimal("85.5")),
                Map.entry("sensor", "oven-2"), Map.entry("line", "line1"), Map.entry("raw", payload),
                Map.entry("unit", "C"));
        assertThat(mapped.files()).isEmpty();
    }

    @Test
    void map_missingValuesAreLeftOut_soDefaultsAndRequiredChecksApply() {
        TriggerRule rule = rule(new ParameterMapping("temp", null, null, null, null, null),
                new ParameterMapping("unit", MappingSource.REGEX, null, "unit=(\\w+)", null, null),
                new ParameterMapping("deep", MappingSource.TOPIC, null, null, null, 9));

        assertThat(mapper().map(rule, message("factory/l/oven/x", "{}")).parameters()).isEmpty();
    }

    @Test
    void map_fileSavesTheRawBytesUnderANameTheAgentChose() throws Exception {
        TriggerRule rule = rule(new ParameterMapping("photo", MappingSource.FILE, null, null, null, null));
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, 0, 1, 2, (byte) 0xFF, (byte) 0xD9};

        PayloadMapper.Mapped mapped = mapper().map(rule, message("factory/../../etc/oven/x", jpeg, "image/jpeg"));

        Path file = Path.of((String) mapped.parameters().get("photo"));
        assertThat(file).hasBinaryContent(jpeg);
        assertThat(file.getParent()).isEqualTo(dataDir.resolve("device-files").resolve("r"));
        assertThat(file.getFileName().toString()).matches("\\d{8}-\\d{6}-\\d{3}-[0-9a-f]{8}\\.jpg");
        assertThat(mapped.files()).containsExactly(file);
    }

    @Test
    void map_fileOfAWrongTypeOrTooLarge_isRefused_andNothingIsLeftOnDisk() throws Exception {
        TriggerRule rule = rule(new ParameterMapping("photo", MappingSource.FILE, null, null, null, null));

        assertThatThrownBy(() -> mapper().map(rule, message("factory/l/oven/x", new byte[10], "text/html")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("parameters.photo")
                .hasMessageContaining("text/html");
        assertThatThrownBy(() -> mapper().map(rule, message("factory/l/oven/x", new byte[10], null)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("names no content type");
        assertThatThrownBy(() -> mapper().map(rule, message("factory/l/oven/x", new byte[1001], "image/jpeg")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("1001 bytes");
        assertThat(Files.exists(dataDir.resolve("device-files"))).isFalse();
    }

    @Test
    void map_laterMappingFails_filesAlreadySavedAreDeleted() throws Exception {
        TriggerRule rule = rule(new ParameterMapping("photo", MappingSource.FILE, null, null, null, null),
                new ParameterMapping("temp", MappingSource.JSON, null, null, null, null));

        assertThatThrownBy(() -> mapper().map(rule, message("factory/l/oven/x", new byte[] {1, 2}, "image/jpeg")))
                .isInstanceOf(ProtocolException.class);
        try (var files = Files.list(dataDir.resolve("device-files").resolve("r"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void hostilePayloads_areRefusedWithAReason() {
        TriggerRule json = rule(new ParameterMapping("temp", null, null, null, null, null));
        TriggerRule text = rule(new ParameterMapping("raw", MappingSource.TEXT, null, null, null, null));

        assertThatThrownBy(() -> mapper().map(json, message("factory/l/oven/x", "[".repeat(5000) + "]".repeat(5000))))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("nested");
        assertThatThrownBy(() -> mapper().map(json, message("factory/l/oven/x", new byte[2 * 1024 * 1024], null)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("at most");
        assertThatThrownBy(() -> mapper().map(text, message("factory/l/oven/x", new byte[] {(byte) 0xC3, 0x28}, null)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("UTF-8");
    }
}
