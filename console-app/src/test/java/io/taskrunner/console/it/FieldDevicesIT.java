package io.taskrunner.console.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalOut;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import io.taskrunner.console.service.desired.DefinitionKind;
import io.taskrunner.console.service.desired.DesiredStateService;
import io.taskrunner.console.service.desired.Target;
import io.taskrunner.console.service.field.CollectorReading;
import io.taskrunner.console.service.runs.RunSnapshot;
import io.taskrunner.console.service.runs.TaskRunRequest;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.message.RunState;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Field devices end to end: a real agent process reads a real Modbus TCP slave (j2mod's) for a console test read,
 * and a collector deployed from the console feeds the console's live values over the embedded broker.
 */
class FieldDevicesIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String AGENT = ConsoleAndAgent.AGENT_ID;

    @TempDir
    Path dir;
    private ModbusSlave slave;
    private SimpleRegister temperature;
    private int port;

    @BeforeEach
    void startSlave() throws Exception {
        port = FreePorts.next();
        SimpleProcessImage image = new SimpleProcessImage(1);
        temperature = new SimpleRegister(215);
        image.addRegister(temperature);
        image.addDigitalOut(new SimpleDigitalOut(true));
        slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 4, false);
        slave.addProcessImage(1, image);
        slave.open();
    }

    @AfterEach
    void stopSlave() {
        ModbusSlaveFactory.close(slave);
    }

    private String map() {
        return """
                {"host": "127.0.0.1", "port": PORT, "points": [
                  {"name": "temperature", "function": "holding-registers", "address": 0, "dataType": "int16",
                   "scale": 0.1, "unit": "°C"},
                  {"name": "running", "function": "coils", "address": 0}]}
                """.replace("PORT", Integer.toString(port));
    }

    @Test
    void testRead_ofAnInlineModbusTask_returnsTheDecodedValues() throws Exception {
        try (ConsoleAndAgent fixture = ConsoleAndAgent.start(dir, null)) {
            TaskDefinition read = new MessageCodec().readValue(("{\"name\": \"field-test-read\", \"type\":"
                    + " \"modbus-read\", \"spec\": " + map() + "}").getBytes(StandardCharsets.UTF_8),
                    TaskDefinition.class, "definition");

            RunSnapshot started = fixture.console().runs().runTask(AGENT, TaskRunRequest.inline(read, Map.of()))
                    .join();
            RunSnapshot finished = fixture.awaitFinished(started.runId());

            assertThat(finished.state()).as(finished.error()).isEqualTo(RunState.SUCCEEDED);
            JsonNode values = new ObjectMapper().readTree(finished.result()).get("values");
            assertThat(values.get("temperature").asDouble()).isEqualTo(21.5);
            assertThat(values.get("running").asBoolean()).isTrue();
        }
    }

    @Test
    void deployedCollector_feedsTheConsolesLiveValues_andFollowsTheDevice() throws Exception {
        try (ConsoleAndAgent fixture = ConsoleAndAgent.start(dir, null)) {
            DesiredStateService desired = fixture.console().desired();
            desired.putJson(DefinitionKind.COLLECTOR, "{\"name\": \"press\", \"every\": \"PT0.2S\","
                    + " \"type\": \"modbus-read\", \"spec\": " + map() + "}");
            desired.assign(DefinitionKind.COLLECTOR, "press", Target.ALL);
            assertThat(desired.deploy().join()).singleElement().satisfies(change -> {
                assertThat(change.problem()).isNull();
                assertThat(change.added()).containsExactly("collector/press");
            });

            fixture.awaitAgentLog("collector press polls every PT0.2S", 1);
            await("live values").atMost(WAIT).until(() -> latest(fixture) != null);
            CollectorReading first = latest(fixture);
            assertThat(first.error()).isNull();
            assertThat(((Number) first.values().get("temperature")).doubleValue()).isEqualTo(21.5);
            assertThat(first.values()).containsEntry("running", true);

            temperature.setValue(-42);
            await("the new value").atMost(WAIT).until(() -> ((Number) latest(fixture).values()
                    .getOrDefault("temperature", 0)).doubleValue() == -4.2);

            ModbusSlaveFactory.close(slave);
            await("the device's failure").atMost(WAIT).until(() -> latest(fixture).error() != null);
            assertThat(latest(fixture).error()).contains("127.0.0.1:" + port);
            List<CollectorReading> history = fixture.console().liveValues().history(AGENT, "press");
            assertThat(history).as("oldest first").hasSizeGreaterThanOrEqualTo(3);
            assertThat(history.getFirst().values()).containsEntry("running", true);
            assertThat(history.getLast().failed()).isTrue();
        }
    }

    private static CollectorReading latest(ConsoleAndAgent fixture) {
        List<CollectorReading> latest = fixture.console().liveValues().latest(AGENT);
        return latest.isEmpty() ? null : latest.getFirst();
    }
}
