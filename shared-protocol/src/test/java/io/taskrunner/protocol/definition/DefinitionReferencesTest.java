package io.taskrunner.protocol.definition;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.codec.MessageCodec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DefinitionReferencesTest {
    private final MessageCodec codec = new MessageCodec();

    @Test
    void check_acceptsASetWhoseNamesAllResolve() {
        assertThatCode(() -> DefinitionReferences.check(read("""
                {"tasks": [{"name": "count", "type": "sql", "spec": {"datasource": "erp", "statements": ["SELECT 1"]}}],
                 "datasources": [{"name": "erp", "jdbcUrl": "jdbc:h2:mem:x"}],
                 "triggers": [{"name": "b", "topic": "f/+/button", "task": "count"}]}
                """))).doesNotThrowAnyException();
    }

    @Test
    void check_namesTheTriggerWhoseTaskIsMissing() {
        assertThatThrownBy(() -> DefinitionReferences.check(read("""
                {"tasks": [{"name": "count", "type": "command", "spec": {"program": "true"}}],
                 "triggers": [{"name": "ok", "topic": "a", "task": "count"},
                              {"name": "bad", "topic": "b", "task": "cool-down"}]}
                """))).isInstanceOf(ProtocolException.class)
                .hasMessage("triggers[1].task: names task 'cool-down', which is not defined");
    }

    @Test
    void check_namesTheSqlTaskWhoseDatasourceIsMissing() {
        assertThatThrownBy(() -> DefinitionReferences.check(read("""
                {"tasks": [{"name": "count", "type": "sql", "spec": {"datasource": "erp", "statements": ["SELECT 1"]}}]}
                """))).isInstanceOf(ProtocolException.class)
                .hasMessage("tasks[0].spec.datasource: names datasource 'erp', which is not defined");
    }

    @Test
    void check_namesTheWatchdogActionWhoseTaskIsMissing() {
        assertThatThrownBy(() -> DefinitionReferences.check(read("""
                {"tasks": [{"name": "probe", "type": "command", "spec": {"program": "true"}}],
                 "watchdog": [{"name": "hmi", "check": {"type": "task", "task": "probe"},
                               "actions": [{"type": "runTask", "task": "restart-hmi"}]}]}
                """))).isInstanceOf(ProtocolException.class)
                .hasMessage("watchdog[0].actions[0].task: names task 'restart-hmi', which is not defined");
    }

    private DefinitionSet read(String json) {
        return codec.readValue(json.getBytes(StandardCharsets.UTF_8), DefinitionSet.class, "definitions");
    }
}
