package io.taskrunner.agent.task.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.agent.task.MqttPublisher;
import io.taskrunner.agent.task.TaskException;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.agent.task.TestRun;
import io.taskrunner.protocol.definition.MqttPublishTask;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.ParameterType;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.message.RunState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class MqttPublishTaskExecutorTest {
    private final MqttPublishTaskExecutor executor = new MqttPublishTaskExecutor();
    private final List<Published> published = new CopyOnWriteArrayList<>();
    private final MqttPublisher recorder = (topic, payload, qos, retain, timeout) ->
            published.add(new Published(topic, new String(payload, StandardCharsets.UTF_8), qos, retain, timeout));

    private record Published(String topic, String payload, int qos, boolean retain, Duration timeout) {
    }

    @Test
    void execute_publishesFilledTopicAndPayloadWithQosRetainAndRemainingTimeout() {
        TestRun run = run(new MqttPublishTask("plant/${line}/set", "speed=${speed}", 2, true), "line", "speed")
                .param("line", "line-3").param("speed", "fast \"now\"").timeout(Duration.ofSeconds(30));

        TaskOutcome outcome = run.runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.SUCCEEDED);
        Published message = published.getFirst();
        assertThat(message.topic()).isEqualTo("plant/line-3/set");
        assertThat(message.payload()).as("not JSON: raw").isEqualTo("speed=fast \"now\"");
        assertThat(message.qos()).isEqualTo(2);
        assertThat(message.retain()).isTrue();
        assertThat(message.timeout()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(run.pids()).containsExactly(0L);
        assertThat(run.stdout()).isEqualTo("published 16 bytes to plant/line-3/set (qos 2, retained)\n");
        assertThat(outcome.result().toString())
                .isEqualTo("{\"topic\":\"plant/line-3/set\",\"bytes\":16,\"qos\":2,\"retain\":true}");
    }

    @Test
    void execute_whenPayloadIsAJsonArray_escapesParameters() {
        TestRun run = run(new MqttPublishTask("plant/set", "  [\"${a}\"]", 0, false), "a").param("a", "x\"]\n");

        run.runWith(executor);

        assertThat(published.getFirst().payload()).isEqualTo("  [\"x\\\"]\\n\"]");
    }

    @Test
    void execute_withoutPayload_publishesAnEmptyMessage() {
        TaskOutcome outcome = run(new MqttPublishTask("plant/ping", null, 0, false)).runWith(executor);

        assertThat(published.getFirst().payload()).isEmpty();
        assertThat(outcome.result().get("bytes").asInt()).isZero();
    }

    @Test
    void execute_whenPlaceholderIsOnlyPartOfALevel_refusesNamingTheLevel() {
        TestRun run = run(new MqttPublishTask("plant/line-${line}/set", "x", 0, false), "line").param("line", "3");

        assertThatThrownBy(() -> run.runWith(executor))
                .isInstanceOf(TaskException.class)
                .hasMessageContaining("topic level 'line-${line}'");
        assertThat(published).isEmpty();
    }

    @Test
    void execute_whenTopicParameterHoldsASlashOrWildcard_refusesNamingTheParameter() {
        for (String hostile : List.of("a/b", "+", "#", "a/#")) {
            TestRun run = run(new MqttPublishTask("plant/${line}/set", "x", 0, false), "line").param("line", hostile);

            assertThatThrownBy(() -> run.runWith(executor))
                    .as(hostile)
                    .isInstanceOf(TaskException.class)
                    .hasMessageContaining("parameter 'line'");
        }
        assertThat(published).isEmpty();
    }

    @Test
    void execute_whenOptionalTopicParameterIsAbsent_refusesTheEmptyLevel() {
        TestRun run = run(new MqttPublishTask("plant/${line}/set", "x", 0, false), "line");

        assertThatThrownBy(() -> run.runWith(executor))
                .isInstanceOf(TaskException.class)
                .hasMessageContaining("parameter 'line' must not be empty");
    }

    @Test
    void execute_whenAlreadyCancelled_publishesNothing() {
        TestRun run = run(new MqttPublishTask("plant/set", "x", 0, false));
        run.cancel().cancel();

        assertThat(run.runWith(executor).state()).isEqualTo(RunState.CANCELLED);
        assertThat(published).isEmpty();
    }

    @Test
    void execute_whenPublisherFails_propagatesItsTaskException() {
        TestRun run = TestRun.of(TaskDefinition.of("t", new MqttPublishTask("plant/set", "x", 1, false)));

        assertThatThrownBy(() -> run.runWith(executor)).isInstanceOf(TaskException.class)
                .hasMessage("not connected");
    }

    private TestRun run(MqttPublishTask spec, String... stringParameters) {
        TaskDefinition task = TaskDefinition.of("mqtt-test", spec).withParameters(Arrays.stream(stringParameters)
                .map(name -> new ParameterSpec(name, ParameterType.STRING, null, false, null, null, null, null, null,
                        false))
                .toList());
        return TestRun.of(task).services(new TestRun.Services(null, recorder, Path.of(".")));
    }
}
