package io.taskrunner.agent.watchdog.check;

import io.taskrunner.agent.field.FieldDeviceException;
import io.taskrunner.agent.field.modbus.ModbusSlaves;
import io.taskrunner.protocol.definition.field.ModbusPoint;
import io.taskrunner.protocol.definition.watchdog.ModbusCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the check's point through the agent's shared Modbus connections. Fails when the read fails, when the
 * {@code healthy} condition does not hold, or when the value has not changed for {@code frozenSeconds} (timed by
 * the clock from the first read that saw the value).
 */
final class ModbusProbe implements Probe {
    private final ModbusCheck check;
    private final ModbusSlaves slaves;
    private final Clock clock;
    private Object lastValue;
    private Instant unchangedSince;

    ModbusProbe(ModbusCheck check, ModbusSlaves slaves, Clock clock) {
        this.check = check;
        this.slaves = slaves;
        this.clock = clock;
    }

    @Override
    public CheckResult run() {
        ModbusPoint point = check.point();
        Object value;
        try {
            value = slaves.read(check.endpoint(), List.of(point)).get(point.name());
        } catch (FieldDeviceException e) {
            return CheckResult.failed("watchdog.check.modbus.unreadable", point.name(), e.getMessage());
        }
        Instant now = clock.instant();
        if (unchangedSince == null || !Objects.equals(value, lastValue)) {
            lastValue = value;
            unchangedSince = now;
        }
        String label = check.endpoint().label();
        if (check.healthy() != null && !check.healthy().test(Map.of(point.name(), value))) {
            return CheckResult.failed("watchdog.check.modbus.unhealthy", point.name(), label, String.valueOf(value),
                    check.healthy().text());
        }
        long unchanged = Duration.between(unchangedSince, now).toSeconds();
        if (check.frozenSeconds() > 0 && unchanged >= check.frozenSeconds()) {
            return CheckResult.failed("watchdog.check.modbus.frozen", point.name(), label, String.valueOf(value),
                    unchanged);
        }
        return CheckResult.ok();
    }
}
