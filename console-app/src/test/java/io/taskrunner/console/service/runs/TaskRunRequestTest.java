package io.taskrunner.console.service.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.protocol.definition.CommandTask;
import io.taskrunner.protocol.definition.TaskDefinition;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TaskRunRequestTest {
    private static final TaskDefinition ECHO = TaskDefinition.of("echo", new CommandTask("echo", List.of("${x}")));

    @Test
    void of_runsTheStoredTaskAtOnce_withNormalPriority() {
        TaskRunRequest request = TaskRunRequest.of("backup", null);

        assertThat(request.definition()).isNull();
        assertThat(request.parameters()).isEmpty();
        assertThat(request.priority()).isZero();
        assertThat(request.delaySeconds()).isZero();
    }

    @Test
    void inline_takesTheTaskNameFromTheDefinition() {
        assertThat(TaskRunRequest.inline(ECHO, Map.of("x", 1)).task()).isEqualTo("echo");
    }

    @Test
    void parameters_areCopiedInTheirOrder() {
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("b", 1);
        given.put("a", "x");

        TaskRunRequest request = TaskRunRequest.of("t", given);
        given.put("c", true);

        assertThat(request.parameters().keySet()).containsExactly("b", "a");
    }

    @Test
    void taskName_mustBeAUsableTopicLevel() {
        assertThatThrownBy(() -> TaskRunRequest.of("a/b", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("task: ");
        assertThatThrownBy(() -> TaskRunRequest.of(null, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("task: ").hasMessageContaining("must not be empty");
    }

    @Test
    void inlineDefinition_mustHaveTheTaskName() {
        assertThatThrownBy(() -> new TaskRunRequest("other", ECHO, null, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("definition.name: must equal the task 'other', was 'echo'");
    }

    @Test
    void parameterValues_mustBeSingleValues() {
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("x", null);

        assertThatThrownBy(() -> TaskRunRequest.of("t", Map.of("x", List.of(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("parameters.x: must be a string, a number or true/false, was ");
        assertThatThrownBy(() -> TaskRunRequest.of("t", withNull)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parameters.x: must be a string, a number or true/false; leave it out to use its default");
        assertThat(TaskRunRequest.of("t", Map.of("s", "a", "n", 2.5, "b", false)).parameters()).hasSize(3);
    }

    @Test
    void parameters_areLimitedInNumber() {
        Map<String, Object> many = IntStream.range(0, 101).boxed()
                .collect(Collectors.toMap(i -> "p" + i, i -> i));

        assertThatThrownBy(() -> TaskRunRequest.of("t", many)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("parameters: more than 100");
    }

    @Test
    void priorityAndDelay_mustBeInRange() {
        assertThat(new TaskRunRequest("t", null, null, -1000, TaskRunRequest.MAX_DELAY_SECONDS).priority())
                .isEqualTo(-1000);
        assertThatThrownBy(() -> new TaskRunRequest("t", null, null, 1001, 0))
                .hasMessage("priority: must be between -1000 and 1000, was 1001");
        assertThatThrownBy(() -> new TaskRunRequest("t", null, null, 0, -1))
                .hasMessage("delaySeconds: must be between 0 and 2592000, was -1");
    }
}
