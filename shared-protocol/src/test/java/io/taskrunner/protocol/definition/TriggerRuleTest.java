package io.taskrunner.protocol.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.codec.MessageCodec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TriggerRuleTest {
    private static final ParameterMapping TEMP = new ParameterMapping("temp", null, null, null, null, null);

    private static TriggerRule rule(String task, List<ParameterMapping> mappings, String condition, StoreAction store) {
        return new TriggerRule("oven-hot", null, "factory/+/oven/temp", task, mappings,
                condition == null ? null : Condition.parse(condition, "condition"), 0, true, null, store, null);
    }

    @Test
    void readsFromJson_withDefaults() throws Exception {
        TriggerRule rule = new MessageCodec().mapper().readValue("""
                {"name": "oven-hot", "topic": "factory/+/oven/temp", "task": "cool-down",
                 "parameters": [{"parameter": "temp"}, {"parameter": "line", "from": "topic", "level": 1}],
                 "condition": "temp > 80", "debounceMillis": 5000, "reply": true}
                """, TriggerRule.class);

        assertThat(rule.parameters().getFirst().from()).isEqualTo(MappingSource.JSON);
        assertThat(rule.parameters().getFirst().pointer()).isEqualTo("/temp");
        assertThat(rule.parameters().get(1).level()).isEqualTo(1);
        assertThat(rule.isEnabled()).isTrue();
        assertThat(rule.files().maxBytes()).isEqualTo(DeviceFileLimits.DEFAULT_MAX_BYTES);
        assertThat(rule.condition().test(Map.of("temp", 85))).isTrue();
        assertThat(new MessageCodec().mapper().writeValueAsString(rule)).contains("\"condition\":\"temp > 80\"");
    }

    @Test
    void needsExactlyOneOfTaskAndStore() {
        assertThatThrownBy(() -> rule(null, List.of(TEMP), null, null)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("task").hasMessageContaining("neither");
        StoreAction store = new StoreAction("plant", "readings", Map.of("temperature", "temp"));
        assertThatThrownBy(() -> rule("t", List.of(TEMP), null, store)).hasMessageContaining("both");
        assertThat(rule(null, List.of(TEMP), null, store).store().table()).isEqualTo("readings");
    }

    @Test
    void conditionAndStoreColumns_mayOnlyReadMappedParameters() {
        assertThatThrownBy(() -> rule("t", List.of(TEMP), "pressure > 3", null))
                .hasMessageContaining("condition").hasMessageContaining("pressure");
        assertThatThrownBy(() -> rule(null, List.of(TEMP), null,
                new StoreAction("plant", "readings", Map.of("p", "pressure"))))
                .hasMessageContaining("store.columns.p");
        assertThatThrownBy(() -> new MessageCodec().mapper().readValue("""
                {"name": "r", "topic": "a/b", "task": "t", "condition": "temp >"}""", TriggerRule.class))
                .hasMessageContaining("condition");
    }

    @Test
    void refusesBadMappingsAndIdentifiers() {
        assertThatThrownBy(() -> rule("t", List.of(TEMP, TEMP), null, null)).hasMessageContaining("mapped twice");
        assertThatThrownBy(() -> new ParameterMapping("x", MappingSource.REGEX, null, "(unclosed", null, null))
                .hasMessageContaining("pattern");
        assertThatThrownBy(() -> new ParameterMapping("x", MappingSource.REGEX, null, "(a)", 2, null))
                .hasMessageContaining("group");
        assertThatThrownBy(() -> new ParameterMapping("x", MappingSource.TOPIC, null, null, null, null))
                .hasMessageContaining("level");
        assertThatThrownBy(() -> new ParameterMapping("x", MappingSource.JSON, "temp", null, null, null))
                .hasMessageContaining("JSON pointer");
        assertThatThrownBy(() -> new StoreAction("plant", "readings; DROP TABLE x", Map.of("a", "b")))
                .hasMessageContaining("table");
        assertThatThrownBy(() -> new StoreAction("plant", "readings", Map.of("a b", "b")))
                .hasMessageContaining("columns.a b");
        assertThatThrownBy(() -> new DeviceFileLimits(0, "../x", null)).hasMessageContaining("extension");
        assertThatThrownBy(() -> new DeviceFileLimits(DeviceFileLimits.MAX_BYTES + 1, null, null))
                .hasMessageContaining("maxBytes");
        assertThatThrownBy(() -> new TriggerRule("r", null, "a/#/b", "t", null, null, 0, false, null, null, null))
                .hasMessageContaining("topic");
    }
}
