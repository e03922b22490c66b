package io.taskrunner.agent.watchdog.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import io.taskrunner.agent.MutableClock;
import io.taskrunner.agent.field.modbus.ModbusSlaves;
import io.taskrunner.protocol.definition.Condition;
import io.taskrunner.protocol.definition.field.ModbusFunction;
import io.taskrunner.protocol.definition.field.ModbusPoint;
import io.taskrunner.protocol.definition.watchdog.ModbusCheck;
import io.taskrunner.protocol.definition.watchdog.WatchdogRule;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The modbus check, made by {@link Probes}, against j2mod's TCP slave whose registers the test changes. */
class ModbusProbeIT {
    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final SimpleRegister pressure = new SimpleRegister(75);
    private final SimpleRegister heartbeat = new SimpleRegister(1);
    private ModbusSlave slave;
    private ModbusSlaves slaves;
    private Probes probes;
    private int port;

    @BeforeEach
    void startSlave() throws Exception {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        SimpleProcessImage image = new SimpleProcessImage(1);
        image.addRegister(pressure);
        image.addRegister(heartbeat);
        slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 2, false);
        slave.addProcessImage(1, image);
        slave.open();
        slaves = new ModbusSlaves(clock);
        probes = new Probes(clock, TopicMessages.NONE, (task, parameters) -> null, rule -> OptionalLong.empty(),
                slaves);
    }

    @AfterEach
    void stop() {
        probes.close();
        slaves.close();
        ModbusSlaveFactory.close(slave);
    }

    @Test
    void healthyCondition_failsWhileTheValueBreaksIt_andRecovers() throws Exception {
        ModbusPoint point = new ModbusPoint("pressure", ModbusFunction.HOLDING_REGISTERS, 0, null, 0, 0, null, null,
                0.1, null, "bar");
        try (Probe probe = probes.create(rule(check(point, "pressure < 8.5", 0)))) {
            assertThat(probe.run().healthy()).isTrue();

            pressure.setValue(91);
            CheckResult high = probe.run();
            assertThat(high.key()).isEqualTo("watchdog.check.modbus.unhealthy");
            assertThat(high.args()).containsExactly("pressure", "127.0.0.1:" + port + " unit 1", "9.1",
                    "pressure < 8.5");

            pressure.setValue(80);
            assertThat(probe.run().healthy()).isTrue();
        }
    }

    @Test
    void frozenSeconds_failsWhenTheValueStaysTheSameThatLong_andRecoversWhenItMoves() throws Exception {
        ModbusPoint point = ModbusPoint.of("heartbeat", ModbusFunction.HOLDING_REGISTERS, 1, null);
        try (Probe probe = probes.create(rule(check(point, null, 60)))) {
            assertThat(probe.run().healthy()).isTrue();
            clock.advance(Duration.ofSeconds(30));
            heartbeat.setValue(2);
            assertThat(probe.run().healthy()).as("changed").isTrue();
            clock.advance(Duration.ofSeconds(59));
            assertThat(probe.run().healthy()).as("unchanged for 59 s").isTrue();

            clock.advance(Duration.ofSeconds(1));
            CheckResult frozen = probe.run();
            assertThat(frozen.key()).isEqualTo("watchdog.check.modbus.frozen");
            assertThat(frozen.args()).containsExactly("heartbeat", "127.0.0.1:" + port + " unit 1", "2", 60L);

            heartbeat.setValue(3);
            assertThat(probe.run().healthy()).isTrue();
        }
    }

    @Test
    void unreadablePoint_failsWithTheDeviceMessage() throws Exception {
        ModbusPoint missing = ModbusPoint.of("missing", ModbusFunction.HOLDING_REGISTERS, 10, null);
        try (Probe probe = probes.create(rule(check(missing, null, 0)))) {
            CheckResult result = probe.run();

            assertThat(result.key()).isEqualTo("watchdog.check.modbus.unreadable");
            assertThat(result.args()).hasSize(2).first().isEqualTo("missing");
            assertThat((String) result.args().get(1)).contains("exception 2 (illegal data address");
        }
    }

    private ModbusCheck check(ModbusPoint point, String healthy, long frozenSeconds) {
        return new ModbusCheck("127.0.0.1", port, 1, 2000, null, point,
                healthy == null ? null : Condition.parse(healthy, "healthy"), frozenSeconds);
    }

    private static WatchdogRule rule(ModbusCheck check) {
        return new WatchdogRule("r", null, check, 1, null, null, null, null, null, null);
    }
}
