package io.taskrunner.agent.task.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against the real Mosquitto on 127.0.0.1:1883 (anonymous, no TLS). */
class MqttPublishTaskIT {
    private static final String HOST = "127.0.0.1";
    private static final int PORT = 1883;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final MqttPublishTaskExecutor executor = new MqttPublishTaskExecutor();
    private final String base = "taskrunner-it/mqtt-publish/" + UUID.randomUUID();
    private final List<Mqtt5AsyncClient> subscribers = new ArrayList<>();
    private HiveMqTestPublisher publisher;

    @BeforeEach
    void connect() {
        publisher = new HiveMqTestPublisher(HOST, PORT);
    }

    @AfterEach
    void disconnect() throws Exception {
        // Clear what a test left retained so the broker does not keep it.
        publisher.publish(base + "/retained", new byte[0], 1, true, WAIT);
        publisher.close();
        for (Mqtt5AsyncClient subscriber : subscribers) {
            subscriber.disconnect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Test
    void jsonPayload_reachesASubscriberExactly_withTheParameterEscaped() throws Exception {
        Queue<Mqtt5Publish> received = subscribe(base + "/+/command");
        String text = "say \"hi\"\nthen \\ leave";
        MqttPublishTask spec = new MqttPublishTask(base + "/${device}/command",
                "{\"text\": \"${text}\", \"device\": \"${device}\"}", 1, false);
        TestRun run = TestRun.of(task(spec, "device", "text")).param("device", "pump-7").param("text", text)
                .services(new TestRun.Services(null, publisher, Path.of(".")));

        TaskOutcome outcome = run.runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.SUCCEEDED);
        await().atMost(WAIT).until(() -> !received.isEmpty());
        Mqtt5Publish message = received.peek();
        String payload = new String(message.getPayloadAsBytes(), StandardCharsets.UTF_8);
        assertThat(message.getTopic().toString()).isEqualTo(base + "/pump-7/command");
        assertThat(payload).isEqualTo("{\"text\": \"say \\\"hi\\\"\\nthen \\\\ leave\", \"device\": \"pump-7\"}");
        JsonNode json = new ObjectMapper().readTree(payload);
        assertThat(json.get("text").asText()).isEqualTo(text);
        assertThat(outcome.result().get("topic").asText()).isEqualTo(base + "/pump-7/command");
        assertThat(outcome.result().get("bytes").asInt()).isEqualTo(message.getPayloadAsBytes().length);
        assertThat(outcome.result().get("qos").asInt()).isEqualTo(1);
        assertThat(outcome.result().get("retain").asBoolean()).isFalse();
    }

    @Test
    void retainedMessage_isDeliveredToASubscriberThatComesLater() throws Exception {
        MqttPublishTask spec = new MqttPublishTask(base + "/retained", "on", 1, true);
        TestRun run = TestRun.of(task(spec)).services(new TestRun.Services(null, publisher, Path.of(".")));

        TaskOutcome outcome = run.runWith(executor);
        Queue<Mqtt5Publish> late = subscribe(base + "/retained");

        assertThat(outcome.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(outcome.result().get("retain").asBoolean()).isTrue();
        await().atMost(WAIT).until(() -> !late.isEmpty());
        assertThat(late.peek().isRetain()).isTrue();
        assertThat(new String(late.peek().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("on");
    }

    @Test
    void topicParameter_withWildcardOrSlash_isRefusedBeforeAnythingIsPublished() {
        MqttPublishTask spec = new MqttPublishTask(base + "/${device}/command", "{}", 1, false);
        TestRun run = TestRun.of(task(spec, "device")).param("device", "a/#")
                .services(new TestRun.Services(null, publisher, Path.of(".")));

        assertThatThrownBy(() -> run.runWith(executor))
                .isInstanceOf(TaskException.class)
                .hasMessageContaining("parameter 'device'");
        assertThat(publisher.topics()).isEmpty();
        assertThat(run.pids()).isEmpty();
    }

    private Queue<Mqtt5Publish> subscribe(String filter) throws Exception {
        Mqtt5AsyncClient subscriber = MqttClient.builder().useMqttVersion5()
                .identifier("it-subscriber-" + UUID.randomUUID()).serverHost(HOST).serverPort(PORT).buildAsync();
        subscriber.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        subscribers.add(subscriber);
        Queue<Mqtt5Publish> received = new ConcurrentLinkedQueue<>();
        subscriber.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).callback(received::add).send()
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return received;
    }

    private static TaskDefinition task(MqttPublishTask spec, String... stringParameters) {
        return TaskDefinition.of("mqtt-test", spec).withParameters(Arrays.stream(stringParameters)
                .map(name -> new ParameterSpec(name, ParameterType.STRING, null, false, null, null, null, null, null,
                        false))
                .toList());
    }
}
