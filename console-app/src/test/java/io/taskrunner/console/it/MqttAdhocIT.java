package io.taskrunner.console.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskrunner.console.service.devices.DevicePassword;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ad-hoc programs from devices over MQTT (Debian's {@code mosquitto_pub}/{@code mosquitto_sub} through the embedded
 * broker) run only when the console granted the device that agent and the agent allows them; arguments stay inert.
 */
class MqttAdhocIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADHOC = "taskrunner/v1/agents/" + ConsoleAndAgent.AGENT_ID + "/adhoc";
    private static final String TRIGGER = "taskrunner/v1/agents/" + ConsoleAndAgent.AGENT_ID + "/trigger/mark";

    @TempDir
    Path dir;

    @Test
    void grantedDevice_runsAProgram_whenTheAgentAllowsIt_andNobodyElseDoes() throws Exception {
        Path marker = dir.resolve("marker.txt");
        String definitions = """
                {"tasks": [{"name": "mark", "type": "command",
                   "spec": {"program": "sh", "args": ["-c", "echo \\"$1\\" >> \\"$2\\"", "sh", "${line}", "MARKER"]},
                   "parameters": [{"name": "line", "type": "string", "required": true}]}]}
                """.replace("MARKER", marker.toString());
        try (ConsoleAndAgent fixture = ConsoleAndAgent.start(dir, definitions)) {
            allowAdhoc(fixture, true);
            Path ca = fixture.console().paths().pkiDir().resolve("ca.cert.pem");
            DevicePassword panel = fixture.console().devices().create("operator-panel", "line 1 panel",
                    List.of(TRIGGER)).join();
            fixture.console().devices().setAdhocAgents("operator-panel", List.of(ConsoleAndAgent.AGENT_ID)).join();
            DevicePassword button = fixture.console().devices().create("door-button", "", List.of(TRIGGER)).join();
            MosquittoDevice.Device panelLogin = login(fixture, ca, "operator-panel", panel);
            MosquittoDevice.Device buttonLogin = login(fixture, ca, "door-button", button);
            String hostile = "$(touch pwned); rm -rf / `id` ' \"";

            try (var replies = new MosquittoDevice.Subscriber(panelLogin, "mqttv311", ADHOC + "/reply", "%p")) {
                assertThat(MosquittoDevice.publish(panelLogin, "mqttv311", ADHOC, program(hostile, marker)))
                        .isZero();
                await().atMost(WAIT).until(() -> !replies.messages().isEmpty());
                JsonNode reply = JSON.readTree(replies.messages().getFirst());
                assertThat(reply.get("state").asText()).isEqualTo("succeeded");
                assertThat(reply.get("task").asText()).isEqualTo("ad-hoc");
                assertThat(reply.get("exitCode").asInt()).isZero();
                assertThat(Files.readAllLines(marker)).containsExactly(hostile);
                assertThat(dir.resolve("pwned")).doesNotExist();
            }

            String inbox = "taskrunner/v1/devices/operator-panel/replies";
            try (var replies = new MosquittoDevice.Subscriber(panelLogin, "mqttv5", inbox, "%D|%p")) {
                assertThat(MosquittoDevice.publish(panelLogin, "mqttv5", ADHOC, "{\"program\": \"sh\", \"args\": "
                        + "[\"-c\", \"exit 3\"]}", "-D", "publish", "response-topic", inbox, "-D", "publish",
                        "correlation-data", "req-9")).isZero();
                await().atMost(WAIT).until(() -> !replies.messages().isEmpty());
                String[] parts = replies.messages().getFirst().split("\\|", 2);
                assertThat(parts[0]).isEqualTo("req-9");
                assertThat(JSON.readTree(parts[1]).get("state").asText()).isEqualTo("failed");
                assertThat(JSON.readTree(parts[1]).get("exitCode").asInt()).isEqualTo(3);

                assertThat(MosquittoDevice.publish(panelLogin, "mqttv5", ADHOC, "{\"args\": [\"x\"]}", "-D",
                        "publish", "response-topic", inbox, "-D", "publish", "correlation-data", "req-10")).isZero();
                await().atMost(WAIT).until(() -> replies.messages().size() == 2);
                JsonNode refused = JSON.readTree(replies.messages().get(1).split("\\|", 2)[1]);
                assertThat(refused.get("state").asText()).isEqualTo("rejected");
                assertThat(refused.get("error").asText()).contains("program");
            }

            // the button may trigger tasks but holds no ad-hoc grant: the broker drops its program
            MosquittoDevice.publish(buttonLogin, "mqttv311", ADHOC, program("from the button", marker));
            markAndAwait(buttonLogin, marker, "after the button");
            assertThat(Files.readAllLines(marker)).containsExactly(hostile, "after the button");

            // the console's grant alone is not enough: an agent that does not allow ad-hoc programs ignores them
            allowAdhoc(fixture, false);
            assertThat(MosquittoDevice.publish(panelLogin, "mqttv311", ADHOC, program("agent said no", marker)))
                    .isZero();
            markAndAwait(panelLogin, marker, "after the refusal");
            assertThat(Files.readAllLines(marker)).containsExactly(hostile, "after the button", "after the refusal");
        }
    }

    private static void markAndAwait(MosquittoDevice.Device device, Path marker, String line) throws Exception {
        assertThat(MosquittoDevice.publish(device, "mqttv311", TRIGGER, JSON.writeValueAsString(
                JSON.createObjectNode().put("line", line)))).isZero();
        await().atMost(WAIT).until(() -> Files.exists(marker) && Files.readAllLines(marker).contains(line));
    }

    private static String program(String argument, Path marker) throws Exception {
        ObjectNode request = JSON.createObjectNode().put("program", "sh");
        request.putArray("args").add("-c").add("echo \"$1\" >> \"$2\"").add("sh").add(argument)
                .add(marker.toString());
        return JSON.writeValueAsString(request);
    }

    private static MosquittoDevice.Device login(ConsoleAndAgent fixture, Path ca, String name,
            DevicePassword password) {
        return new MosquittoDevice.Device(fixture.console().brokerPort(), ca, null, null, name, password.password());
    }

    private static void allowAdhoc(ConsoleAndAgent fixture, boolean allowed) throws Exception {
        fixture.agent().stop();
        fixture.awaitOffline();
        Path settings = fixture.agentDir().resolve("agent.json");
        ObjectNode json = (ObjectNode) JSON.readTree(settings.toFile());
        json.put("mqttAdhoc", allowed);
        JSON.writeValue(settings.toFile(), json);
        fixture.startAgent();
        fixture.awaitOnline();
    }
}
