package io.taskrunner.console.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskrunner.console.service.desired.DefinitionKind;
import io.taskrunner.console.service.desired.DesiredStateService;
import io.taskrunner.console.service.desired.Target;
import io.taskrunner.console.service.devices.DevicePassword;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device with a device credential (user name and password, no certificate) triggers the local agent through the
 * console's embedded broker with Debian's {@code mosquitto_pub}, in MQTT 3.1.1 and 5, and gets the result back with
 * {@code mosquitto_sub}.
 */
class MqttTriggersEmbeddedIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void deviceWithPasswordTriggersTheAgent_inMqtt311And5_andGetsTheResult() throws Exception {
        Path marker = dir.resolve("marker.txt");
        String definitions = """
                {"tasks": [{"name": "record", "type": "command",
                   "spec": {"program": "sh", "args": ["-c", "echo \\"$1\\" >> \\"$2\\"", "sh", "${line}", "MARKER"]},
                   "parameters": [{"name": "line", "type": "string", "required": true}]}],
                 "triggers": [{"name": "oven", "topic": "factory/+/oven/temp", "task": "record", "reply": true,
                   "parameters": [{"parameter": "line", "from": "topic", "level": 1}]}]}
                """.replace("MARKER", marker.toString());
        try (ConsoleAndAgent fixture = ConsoleAndAgent.start(dir, definitions)) {
            DevicePassword device = fixture.console().devices().create("oven-sensor-1", "line 1 oven",
                    List.of("factory/+/oven/temp", "taskrunner/v1/agents/" + ConsoleAndAgent.AGENT_ID + "/trigger/+"))
                    .join();
            Path ca = fixture.console().paths().pkiDir().resolve("ca.cert.pem");
            MosquittoDevice.Device login = new MosquittoDevice.Device(fixture.console().brokerPort(), ca, null, null,
                    "oven-sensor-1", device.password());

            try (var replies = new MosquittoDevice.Subscriber(login, "mqttv311", "factory/line1/oven/temp/reply",
                    "%p")) {
                assertThat(MosquittoDevice.publish(login, "mqttv311", "factory/line1/oven/temp", "{}")).isZero();
                await().atMost(WAIT).until(() -> !replies.messages().isEmpty());
                assertThat(JSON.readTree(replies.messages().getFirst()).get("state").asText()).isEqualTo("succeeded");
                assertThat(Files.readAllLines(marker)).contains("line1");
            }

            String inbox = "taskrunner/v1/devices/oven-sensor-1/replies";
            try (var replies = new MosquittoDevice.Subscriber(login, "mqttv5", inbox, "%D|%p")) {
                assertThat(MosquittoDevice.publish(login, "mqttv5",
                        "taskrunner/v1/agents/" + ConsoleAndAgent.AGENT_ID + "/trigger/record", "{\"line\": \"v5\"}",
                        "-D", "publish", "response-topic", inbox, "-D", "publish", "correlation-data", "c-7"))
                        .isZero();
                await().atMost(WAIT).until(() -> !replies.messages().isEmpty());
                String[] parts = replies.messages().getFirst().split("\\|", 2);
                assertThat(parts[0]).isEqualTo("c-7");
                JsonNode reply = JSON.readTree(parts[1]);
                assertThat(reply.get("state").asText()).isEqualTo("succeeded");
                assertThat(reply.get("task").asText()).isEqualTo("record");
                assertThat(Files.readAllLines(marker)).contains("v5");
            }

        }
    }

    @Test
    void triggerRuleDeployedFromTheConsole_firesOnTheDevicesOwnTopic() throws Exception {
        Path marker = dir.resolve("marker.txt");
        try (ConsoleAndAgent fixture = ConsoleAndAgent.start(dir, null)) {
            DesiredStateService desired = fixture.console().desired();
            desired.putJson(DefinitionKind.TASK, """
                    {"name": "record", "type": "command",
                     "spec": {"program": "sh", "args": ["-c", "echo \\"$1\\" >> \\"$2\\"", "sh", "${line}", "MARKER"]},
                     "parameters": [{"name": "line", "type": "string", "required": true}]}
                    """.replace("MARKER", marker.toString()));
            desired.putJson(DefinitionKind.TRIGGER, """
                    {"name": "scale", "topic": "plant/+/scale", "task": "record", "reply": true,
                     "parameters": [{"parameter": "line", "from": "topic", "level": 1}]}""");
            desired.assign(DefinitionKind.TASK, "record", Target.group("weighing"));
            desired.assign(DefinitionKind.TRIGGER, "scale", Target.group("weighing"));
            desired.setLabels(ConsoleAndAgent.AGENT_ID, Set.of("weighing"), Set.of());
            desired.deploy().join();
            await().atMost(WAIT).until(() -> desired.status().getFirst().appliedVersion() == 1);

            DevicePassword device = fixture.console().devices().create("scale-3", "", List.of("plant/+/scale"))
                    .join();
            MosquittoDevice.Device login = new MosquittoDevice.Device(fixture.console().brokerPort(),
                    fixture.console().paths().pkiDir().resolve("ca.cert.pem"), null, null, "scale-3",
                    device.password());
            try (var replies = new MosquittoDevice.Subscriber(login, "mqttv311", "plant/hall3/scale/reply", "%p")) {
                assertThat(MosquittoDevice.publish(login, "mqttv311", "plant/hall3/scale", "12.5")).isZero();
                await().atMost(WAIT).until(() -> !replies.messages().isEmpty());
                assertThat(JSON.readTree(replies.messages().getFirst()).get("rule").asText()).isEqualTo("scale");
                assertThat(Files.readAllLines(marker)).containsExactly("hall3");
            }
        }
    }
}
