package io.taskrunner.protocol.definition.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.codec.MessageCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatchdogRuleTest {
    private final MessageCodec codec = new MessageCodec();

    private WatchdogRule read(String json) {
        return codec.readValue(json.getBytes(StandardCharsets.UTF_8), WatchdogRule.class, "watchdog[0]");
    }

    @Test
    void programRule_readsFromJson_withDefaults() {
        WatchdogRule rule = read("""
                {"name": "web", "check": {"type": "program", "program": "/usr/bin/python3",
                 "args": ["-m", "http.server"], "env": {"PORT": "8080"}}}
                """);

        assertThat(rule.check()).isInstanceOf(ProgramCheck.class);
        assertThat(((ProgramCheck) rule.check()).stopGraceSeconds()).isEqualTo(10);
        assertThat(rule.actions()).containsExactly(new RestartAction(null), new AlertAction(AlertLevel.CRITICAL));
        assertThat(rule.restartBudget()).isEqualTo(new RestartBudget(5, 600));
        assertThat(rule.threshold()).isEqualTo(Threshold.FIRST_FAILURE);
        assertThat(rule.alert()).isEqualTo(AlertTargets.CONSOLE_ONLY);
        assertThat(rule.isEnabled()).isTrue();
        assertThat(rule.supervises()).isTrue();
    }

    @Test
    void unknownCheckOrActionType_isNamedWithTheKnownOnes() {
        assertThatThrownBy(() -> read("{\"name\": \"w\", \"check\": {\"type\": \"smoke\"}}"))
                .isInstanceOf(ProtocolException.class)
                .hasMessageStartingWith("watchdog[0].check.type: unknown type 'smoke'; known types: program, process");
        assertThatThrownBy(() -> read("{\"name\": \"w\", \"check\": {\"type\": \"port\", \"port\": 1},"
                + " \"actions\": [{\"type\": \"reboot\"}]}"))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("unknown type 'reboot'; known types: restart, runTask, restartPc, alert");
    }

    @Test
    void everyCheckAndAction_roundTripsThroughJson() throws Exception {
        List<String> checks = List.of(
                "{\"type\": \"process\", \"name\": \"nginx\", \"min\": 2, \"max\": 4}",
                "{\"type\": \"port\", \"port\": 5432}",
                "{\"type\": \"http\", \"url\": \"https://example.com/health\", \"status\": [200],"
                        + " \"bodyPattern\": \"ok\", \"maxLatencyMillis\": 500}",
                "{\"type\": \"disk\", \"path\": \"/\", \"minFreePercent\": 10}",
                "{\"type\": \"cpu\", \"maxPercent\": 90, \"forSeconds\": 300}",
                "{\"type\": \"memory\", \"maxMegabytes\": 512, \"forSeconds\": 60, \"process\": {\"name\": \"java\"}}",
                "{\"type\": \"fileAge\", \"path\": \"/var/log/app.log\", \"maxAgeSeconds\": 120}",
                "{\"type\": \"mqttSilence\", \"topic\": \"plant/+/heartbeat\", \"maxSilenceSeconds\": 60}",
                "{\"type\": \"task\", \"task\": \"db-ping\", \"parameters\": {\"db\": \"main\"}}",
                "{\"type\": \"modbus\", \"host\": \"plc\", \"point\": {\"name\": \"heartbeat\", \"function\":"
                        + " \"holding-registers\", \"address\": 9}, \"healthy\": \"heartbeat >= 0\","
                        + " \"frozenSeconds\": 30}");
        for (String check : checks) {
            WatchdogRule rule = read("""
                    {"name": "r", "check": %s, "intervalSeconds": 10, "threshold": {"failures": 3, "seconds": 30},
                     "actions": [{"type": "restart", "program": "web"}, {"type": "runTask", "task": "fix"},
                                 {"type": "restartPc", "delaySeconds": 120}, {"type": "alert", "severity": "warning"}],
                     "backoff": {"initialMillis": 500}, "alert": {"language": "zh-TW"}}
                    """.formatted(check));
            byte[] written = codec.mapper().writeValueAsBytes(rule);

            assertThat(codec.readValue(written, WatchdogRule.class, "r")).as(check).isEqualTo(rule);
            assertThat(rule.actions()).hasSize(4);
            assertThat(rule.actions().get(3)).isEqualTo(new AlertAction(AlertLevel.WARNING));
        }
    }

    @Test
    void refusesBadFields_namingThem() {
        assertThatThrownBy(() -> read("{\"name\": \"a/b\", \"check\": {\"type\": \"port\", \"port\": 1}}"))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> read("{\"name\": \"r\", \"check\": {\"type\": \"port\", \"port\": 70000}}"))
                .hasMessageContaining("watchdog[0].check.port");
        assertThatThrownBy(() -> read("{\"name\": \"r\", \"check\": {\"type\": \"http\", \"url\": \"ftp://x\"}}"))
                .hasMessageContaining("url");
        assertThatThrownBy(() -> read("{\"name\": \"r\", \"check\": {\"type\": \"process\"}}"))
                .hasMessageContaining("name");
        assertThatThrownBy(() -> read("{\"name\": \"r\", \"check\": {\"type\": \"process\", \"name\": \"x\","
                + " \"commandLinePattern\": \"(\"}}")).hasMessageContaining("commandLinePattern");
        assertThatThrownBy(() -> read("{\"name\": \"r\", \"check\": {\"type\": \"mqttSilence\", \"topic\": \"a/#/b\","
                + " \"maxSilenceSeconds\": 5}}")).hasMessageContaining("topic");
        assertThatThrownBy(() -> read("{\"name\": \"r\", \"check\": {\"type\": \"memory\", \"maxMegabytes\": 5}}"))
                .hasMessageContaining("maxMegabytes");
        assertThatThrownBy(() -> read("{\"name\": \"r\", \"check\": {\"type\": \"port\", \"port\": 1},"
                + " \"restartBudget\": {\"maxRestarts\": -1}}")).hasMessageContaining("restartBudget.maxRestarts");
        assertThatThrownBy(() -> read("{\"name\": \"r\", \"check\": {\"type\": \"port\", \"port\": 1},"
                + " \"backoff\": {\"initialMillis\": 5000, \"maxMillis\": 10}}")).hasMessageContaining("backoff.maxMillis");
        assertThatThrownBy(() -> read("{\"name\": \"r\"}")).hasMessageContaining("check");
        assertThatThrownBy(() -> read("{\"name\": \"r\", \"check\": {\"type\": \"ping\"}}"))
                .hasMessageContaining("check.type");
    }

    @Test
    void restartWithoutProgram_isOnlyForProgramRules() {
        assertThatThrownBy(() -> read("{\"name\": \"r\", \"check\": {\"type\": \"port\", \"port\": 1},"
                + " \"actions\": [{\"type\": \"restart\"}]}")).hasMessageContaining("actions[0].program");
    }

    @Test
    void processCheck_absentMeansMaxZero_andPresentMinOne() {
        assertThat(new ProcessCheck("x", null, null, 0).min()).isZero();
        assertThat(new ProcessCheck("x", null, null, null).min()).isEqualTo(1);
        assertThatThrownBy(() -> new ProcessCheck("x", null, 3, 2)).hasMessageContaining("max");
    }

    @Test
    void backoff_startsAtOnce_thenGrowsByItsFactor_upToItsMaximum() {
        Backoff backoff = new Backoff(1000, 5000, 2, 60);

        assertThat(backoff.delayBefore(1)).isZero();
        assertThat(backoff.delayBefore(2)).isEqualTo(Duration.ofMillis(1000));
        assertThat(backoff.delayBefore(3)).isEqualTo(Duration.ofMillis(2000));
        assertThat(backoff.delayBefore(4)).isEqualTo(Duration.ofMillis(4000));
        assertThat(backoff.delayBefore(5)).isEqualTo(Duration.ofMillis(5000));
        assertThat(backoff.delayBefore(50)).isEqualTo(Duration.ofMillis(5000));
    }

    @Test
    void modbusCheck_watchesOnePoint_andItsConditionReadsOnlyThatPoint() {
        WatchdogRule rule = read("""
                {"name": "plc-alive", "check": {"type": "modbus", "host": "10.0.0.7", "unitId": 2,
                 "point": {"name": "heartbeat", "function": "holding-registers", "address": 9}, "frozenSeconds": 20}}
                """);
        ModbusCheck check = (ModbusCheck) rule.check();
        assertThat(check.endpoint().label()).isEqualTo("10.0.0.7:502 unit 2");
        assertThat(check.frozenSeconds()).isEqualTo(20);
        assertThat(check.healthy()).isNull();

        assertThat(catchThrowableOfType(ProtocolException.class, () -> read("""
                {"name": "r", "check": {"type": "modbus", "host": "plc", "point": {"name": "a",
                 "function": "coils", "address": 0, "count": 2}}}
                """)).getMessage()).isEqualTo("watchdog[0].check.point.count: a check watches one value; was 2");
        assertThat(catchThrowableOfType(ProtocolException.class, () -> read("""
                {"name": "r", "check": {"type": "modbus", "host": "plc", "point": {"name": "a",
                 "function": "coils", "address": 0}, "healthy": "b == true"}}
                """)).getMessage()).isEqualTo("watchdog[0].check.healthy: reads 'b'; it can read only the point, 'a'");
    }
}
