package io.taskrunner.agent.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandSpecTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void constructor_copiesArgvAndEnvironment() {
        List<String> argv = new ArrayList<>(List.of("echo", "a"));
        Map<String, String> env = new HashMap<>(Map.of("A", "1"));

        CommandSpec spec = new CommandSpec(argv, null, env, TIMEOUT, 0);
        argv.add("b");
        env.put("B", "2");

        assertThat(spec.argv()).containsExactly("echo", "a");
        assertThat(spec.environment()).containsOnlyKeys("A");
        assertThat(spec.program()).isEqualTo("echo");
    }

    @Test
    void constructor_rejectsEmptyArgvOrBlankProgram() {
        assertThatThrownBy(() -> new CommandSpec(List.of(), null, Map.of(), TIMEOUT, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("argv");
        assertThatThrownBy(() -> new CommandSpec(List.of(" "), null, Map.of(), TIMEOUT, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("argv");
    }

    @Test
    void constructor_rejectsNullOrNulInArguments() {
        assertThatThrownBy(() -> new CommandSpec(Arrays.asList("echo", null), null, Map.of(), TIMEOUT, 0))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("argv[1]");
        assertThatThrownBy(() -> new CommandSpec(List.of("echo", "a\0b"), null, Map.of(), TIMEOUT, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("argv[1]");
    }

    @Test
    void constructor_rejectsInvalidEnvironmentNames() {
        assertThatThrownBy(() -> new CommandSpec(List.of("env"), null, Map.of("A=B", "x"), TIMEOUT, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("environment");
    }

    @Test
    void constructor_rejectsNonPositiveTimeoutAndNegativeLimit() {
        assertThatThrownBy(() -> new CommandSpec(List.of("echo"), null, Map.of(), Duration.ZERO, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
        assertThatThrownBy(() -> new CommandSpec(List.of("echo"), null, Map.of(), TIMEOUT, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outputLimitBytes");
    }
}
