package io.taskrunner.console.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskrunner.console.core.ConsoleCore;
import io.taskrunner.console.core.ConsoleOptions;
import io.taskrunner.console.service.fleet.AgentSnapshot;
import io.taskrunner.console.service.pki.CertificateAuthority;
import io.taskrunner.console.service.pki.IssuedCredential;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Devices trigger an agent through Debian's mosquitto with TLS: real {@code mosquitto_pub} (MQTT 3.1.1 and 5) with a
 * device certificate, real {@code mosquitto_sub} for the replies, an agent started from its jar with trigger rules in
 * its local definitions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MqttTriggersMosquittoIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String AGENT = "agent-t";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path dir;

    private MosquittoBroker mosquitto;
    private ConsoleCore console;
    private AgentProcess agent;
    private MosquittoDevice.Device device;
    private Path marker;
    private Path counter;
    private Path photoCopy;
    private Path plantDb;

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        Path consoleDir = dir.resolve("console");
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(consoleDir.resolve("pki"), ConsoleCore.CA_NAME);
        mosquitto = new MosquittoBroker(dir.resolve("mosquitto"), FreePorts.next()).start(ca);
        console = ConsoleCore.start(ConsoleOptions.external(consoleDir, "localhost", mosquitto.port()),
                Clock.systemUTC());
        Path bundle = dir.resolve("bundle.json");
        console.enrolment().enrolToFile(AGENT, bundle);
        Path agentDir = dir.resolve("agent");
        AgentProcess.enroll(bundle, agentDir);
        marker = dir.resolve("marker.txt");
        counter = dir.resolve("count.txt");
        photoCopy = dir.resolve("photo-copy.jpg");
        plantDb = dir.resolve("plant");
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + plantDb, "sa", "");
                Statement create = connection.createStatement()) {
            create.execute("CREATE TABLE weights (scale_id VARCHAR(128), weight_kg DECIMAL(10, 3), note VARCHAR(1000))");
        }
        Files.writeString(agentDir.resolve("definitions.json"), definitions());
        agent = new AgentProcess(agentDir).start();
        await("agent online via mosquitto").atMost(WAIT).until(() -> console.fleet().agent(AGENT)
                .map(AgentSnapshot::online).orElse(false));

        IssuedCredential cert = ca.issueClientCertificate("device-1", Duration.ofDays(1));
        Path certFile = Files.writeString(dir.resolve("device.pem"), cert.certificatePem());
        Path keyFile = Files.writeString(dir.resolve("device.key"), cert.privateKeyPem());
        Path caFile = Files.writeString(dir.resolve("ca.pem"), ca.certificatePem());
        device = new MosquittoDevice.Device(mosquitto.port(), caFile, certFile, keyFile, null, null);
    }

    private String definitions() {
        return """
                {"tasks": [
                  {"name": "record", "type": "command",
                   "spec": {"program": "sh", "args": ["-c", "printf '%s|%s\\\\n' \\"$1\\" \\"$2\\" >> \\"$3\\"", "sh",
                            "${line}", "${temp}", "MARKER"]},
                   "parameters": [{"name": "line", "type": "string", "required": true},
                                  {"name": "temp", "type": "number", "required": true}]},
                  {"name": "count", "type": "command",
                   "spec": {"program": "sh", "args": ["-c", "echo x >> \\"$1\\"", "sh", "COUNTER"]}},
                  {"name": "keep-photo", "type": "command",
                   "spec": {"program": "cp", "args": ["${photo}", "PHOTO_COPY"]},
                   "parameters": [{"name": "photo", "type": "file", "required": true}]}
                 ],
                 "datasources": [{"name": "plant", "jdbcUrl": "jdbc:h2:file:PLANT_DB", "user": "sa"}],
                 "triggers": [
                  {"name": "scale-log", "topic": "scales/+/weight", "reply": true,
                   "parameters": [{"parameter": "scale", "from": "topic", "level": 1},
                                  {"parameter": "kg", "pointer": "/kg"}, {"parameter": "note", "pointer": "/note"}],
                   "store": {"datasource": "plant", "table": "weights",
                             "columns": {"scale_id": "scale", "weight_kg": "kg", "note": "note"}}},
                  {"name": "oven-hot", "topic": "factory/+/oven/temp", "task": "record", "reply": true,
                   "parameters": [{"parameter": "line", "from": "topic", "level": 1},
                                  {"parameter": "temp", "pointer": "/temperature"}],
                   "condition": "temp > 80"},
                  {"name": "button", "topic": "factory/+/button", "task": "count", "reply": true,
                   "debounceMillis": 60000},
                  {"name": "camera", "topic": "factory/+/camera", "task": "keep-photo", "reply": true,
                   "parameters": [{"parameter": "photo", "from": "file"}],
                   "files": {"maxBytes": 1000000, "contentTypes": ["image/jpeg"]}}
                 ]}
                """.replace("MARKER", marker.toString()).replace("COUNTER", counter.toString())
                .replace("PHOTO_COPY", photoCopy.toString()).replace("PLANT_DB", plantDb.toString());
    }

    @AfterAll
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (console != null) {
            console.close();
        }
        if (mosquitto != null) {
            mosquitto.close();
        }
    }

    @Test
    void mqtt311Device_triggersARule_andGetsTheResultOnTopicSlashReply() throws Exception {
        try (var replies = new MosquittoDevice.Subscriber(device, "mqttv311", "factory/line1/oven/temp/reply", "%p")) {
            assertThat(MosquittoDevice.publish(device, "mqttv311", "factory/line1/oven/temp",
                    "{\"temperature\": 85.5, \"sensor\": \"oven-2\"}")).isZero();

            JsonNode reply = awaitOne(replies);
            assertThat(reply.get("state").asText()).isEqualTo("succeeded");
            assertThat(reply.get("rule").asText()).isEqualTo("oven-hot");
            assertThat(reply.get("exitCode").asInt()).isZero();
            assertThat(reply.get("runId").asText()).isNotBlank();
            assertThat(Files.readAllLines(marker)).contains("line1|85.5");
        }
    }

    @Test
    void mqtt5Device_getsTheReplyOnItsResponseTopic_withItsCorrelationData() throws Exception {
        try (var replies = new MosquittoDevice.Subscriber(device, "mqttv5", "devices/d1/replies", "%t|%D|%p")) {
            assertThat(MosquittoDevice.publish(device, "mqttv5", "factory/line5/oven/temp",
                    "{\"temperature\": 91}", "-D", "publish", "response-topic", "devices/d1/replies",
                    "-D", "publish", "correlation-data", "req-42")).isZero();

            await().atMost(WAIT).until(() -> !replies.messages().isEmpty());
            String[] parts = replies.messages().getFirst().split("\\|", 3);
            assertThat(parts[0]).isEqualTo("devices/d1/replies");
            assertThat(parts[1]).isEqualTo("req-42");
            assertThat(JSON.readTree(parts[2]).get("state").asText()).isEqualTo("succeeded");
            assertThat(Files.readAllLines(marker)).contains("line5|91");
        }
    }

    @Test
    void builtInTriggerTopic_runsTheTaskWithTheJsonParameters() throws Exception {
        try (var replies = new MosquittoDevice.Subscriber(device, "mqttv5", "devices/d2/replies", "%p")) {
            assertThat(MosquittoDevice.publish(device, "mqttv5", "taskrunner/v1/agents/" + AGENT + "/trigger/record",
                    "{\"line\": \"built-in\", \"temp\": 7}", "-D", "publish", "response-topic",
                    "devices/d2/replies")).isZero();

            JsonNode reply = awaitOne(replies);
            assertThat(reply.get("state").asText()).isEqualTo("succeeded");
            assertThat(reply.get("task").asText()).isEqualTo("record");
            assertThat(Files.readAllLines(marker)).contains("built-in|7");
        }
    }

    @Test
    void builtInTriggerTopic_answersMqtt311DevicesOnTopicSlashReply() throws Exception {
        String topic = "taskrunner/v1/agents/" + AGENT + "/trigger/record";
        try (var replies = new MosquittoDevice.Subscriber(device, "mqttv311", topic + "/reply", "%p")) {
            assertThat(MosquittoDevice.publish(device, "mqttv311", topic, "{\"line\": \"v311\", \"temp\": 3}"))
                    .isZero();

            assertThat(awaitOne(replies).get("state").asText()).isEqualTo("succeeded");
            assertThat(Files.readAllLines(marker)).contains("v311|3");
        }
    }

    @Test
    void storeRule_writesTheDevicesValuesAsBoundParameters() throws Exception {
        String hostile = "x'); DROP TABLE weights; --";
        try (var replies = new MosquittoDevice.Subscriber(device, "mqttv311", "scales/+/weight/reply", "%p")) {
            assertThat(MosquittoDevice.publish(device, "mqttv311", "scales/s-4/weight",
                    "{\"kg\": 12.345, \"note\": \"" + hostile + "\"}")).isZero();

            JsonNode reply = awaitOne(replies);
            assertThat(reply.get("state").asText()).as(reply.toString()).isEqualTo("stored");
        }
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + plantDb + ";AUTO_SERVER=FALSE",
                "sa", ""); Statement query = connection.createStatement();
                ResultSet rows = query.executeQuery("SELECT scale_id, weight_kg, note FROM weights")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("s-4");
            assertThat(rows.getBigDecimal(2)).isEqualByComparingTo("12.345");
            assertThat(rows.getString(3)).isEqualTo(hostile);
            assertThat(rows.next()).isFalse();
        }
    }

    @Test
    void falseCondition_runsNothing_andSaysSo() throws Exception {
        try (var replies = new MosquittoDevice.Subscriber(device, "mqttv311", "factory/cold/oven/temp/reply", "%p")) {
            assertThat(MosquittoDevice.publish(device, "mqttv311", "factory/cold/oven/temp",
                    "{\"temperature\": 20}")).isZero();

            JsonNode reply = awaitOne(replies);
            assertThat(reply.get("state").asText()).isEqualTo("skipped");
            assertThat(reply.get("error").asText()).contains("temp > 80");
            assertThat(reply.has("runId")).isFalse();
            assertThat(Files.exists(marker) ? Files.readString(marker) : "").doesNotContain("cold|");
        }
    }

    @Test
    void twentyPressesWithinTheDebounceWindow_runTheTaskOnce() throws Exception {
        try (var replies = new MosquittoDevice.Subscriber(device, "mqttv311", "factory/line2/button/reply", "%p")) {
            try (var presses = Executors.newFixedThreadPool(4)) {
                List<Future<Integer>> sent = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    sent.add(presses.submit(() -> MosquittoDevice.publish(device, "mqttv311", "factory/line2/button",
                            "{}")));
                }
                for (Future<Integer> exit : sent) {
                    assertThat(exit.get()).isZero();
                }
            }

            await("20 replies").atMost(WAIT).until(() -> replies.messages().size() >= 20);
            List<JsonNode> all = new ArrayList<>();
            for (String message : replies.messages()) {
                all.add(JSON.readTree(message));
            }
            assertThat(all).filteredOn(reply -> reply.get("state").asText().equals("succeeded")).hasSize(1);
            assertThat(all).filteredOn(reply -> reply.get("state").asText().equals("skipped")).hasSize(19);
            String ran = all.stream().filter(reply -> reply.get("state").asText().equals("succeeded")).findFirst()
                    .orElseThrow().get("runId").asText();
            assertThat(all).filteredOn(reply -> reply.get("state").asText().equals("skipped"))
                    .allSatisfy(reply -> assertThat(reply.get("runId").asText()).isEqualTo(ran));
            assertThat(Files.readAllLines(counter)).containsExactly("x");
        }
    }

    @Test
    void binaryPayload_isSavedAsAFile_andTheTaskGetsItsPath() throws Exception {
        byte[] photo = new byte[200_000];
        new SecureRandom().nextBytes(photo);
        try (var replies = new MosquittoDevice.Subscriber(device, "mqttv5", "factory/gate/camera/reply", "%p")) {
            assertThat(MosquittoDevice.publish(device, "mqttv5", "factory/gate/camera", photo,
                    "-D", "publish", "content-type", "image/jpeg")).isZero();

            JsonNode reply = awaitOne(replies);
            assertThat(reply.get("state").asText()).as(reply.toString()).isEqualTo("succeeded");
            assertThat(photoCopy).hasBinaryContent(photo);
            try (var saved = Files.list(dir.resolve("agent").resolve("device-files").resolve("camera"))) {
                assertThat(saved).singleElement().satisfies(file ->
                        assertThat(file.getFileName().toString()).endsWith(".jpg"));
            }
        }
    }

    @Test
    void hostilePayloads_areRefusedOrStayInert_andTheAgentKeepsServing() throws Exception {
        try (var replies = new MosquittoDevice.Subscriber(device, "mqttv5", "devices/evil/replies", "%p")) {
            String[] reply = {"-D", "publish", "response-topic", "devices/evil/replies"};
            // shell metacharacters in a topic level reach the program as one literal argument
            assertThat(MosquittoDevice.publish(device, "mqttv5", "factory/$(touch PWNED);`id`/oven/temp",
                    "{\"temperature\": 95}", reply)).isZero();
            // a number parameter given text with a shell payload: a false condition on the rule's topic, a refusal
            // naming the parameter on the built-in topic
            assertThat(MosquittoDevice.publish(device, "mqttv5", "factory/x/oven/temp",
                    "{\"temperature\": \"85; rm -rf /\"}", reply)).isZero();
            assertThat(MosquittoDevice.publish(device, "mqttv5", "taskrunner/v1/agents/" + AGENT + "/trigger/record",
                    "{\"line\": \"x\", \"temp\": \"85; rm -rf /\"}", reply)).isZero();
            // deep nesting
            assertThat(MosquittoDevice.publish(device, "mqttv5", "factory/x/oven/temp",
                    "[".repeat(10_000) + "]".repeat(10_000), reply)).isZero();
            // a file over the rule's limit, and one of a type the rule does not take
            assertThat(MosquittoDevice.publish(device, "mqttv5", "factory/x/camera", new byte[2_000_000],
                    "-D", "publish", "content-type", "image/jpeg", "-D", "publish", "response-topic",
                    "devices/evil/replies")).isZero();
            assertThat(MosquittoDevice.publish(device, "mqttv5", "factory/x/camera", "<html>".getBytes(),
                    "-D", "publish", "content-type", "text/html", "-D", "publish", "response-topic",
                    "devices/evil/replies")).isZero();
            // a reply address inside the agents' own tree is not served
            assertThat(MosquittoDevice.publish(device, "mqttv5", "factory/y/oven/temp", "{\"temperature\": 99}",
                    "-D", "publish", "response-topic", "taskrunner/v1/agents/" + AGENT + "/events")).isZero();

            await("6 replies").atMost(WAIT).until(() -> replies.messages().size() >= 6);
            List<String> all = replies.messages();
            assertThat(all).anySatisfy(text -> assertThat(text).contains("\"state\":\"succeeded\""));
            assertThat(all).anySatisfy(text -> assertThat(text).contains("rejected")
                    .contains("parameters.temp"));
            assertThat(all).anySatisfy(text -> assertThat(text).contains("skipped").contains("temp > 80"));
            assertThat(all).anySatisfy(text -> assertThat(text).contains("rejected").contains("nested deeper"));
            assertThat(all).anySatisfy(text -> assertThat(text).contains("rejected").contains("2000000 bytes"));
            assertThat(all).anySatisfy(text -> assertThat(text).contains("rejected").contains("text/html"));
            assertThat(Files.readAllLines(marker)).contains("$(touch PWNED);`id`|95");
            await("the run with the forbidden reply address still ran").atMost(WAIT)
                    .until(() -> Files.readAllLines(marker).contains("y|99"));
            try (var work = Files.walk(dir.resolve("agent"))) {
                assertThat(work).noneMatch(path -> path.getFileName().toString().startsWith("PWNED"));
            }
        }
        mqtt311Device_triggersARule_andGetsTheResultOnTopicSlashReply();
    }

    private static JsonNode awaitOne(MosquittoDevice.Subscriber replies) throws Exception {
        await("a reply").atMost(WAIT).until(() -> !replies.messages().isEmpty());
        return JSON.readTree(replies.messages().getFirst());
    }
}
