package io.taskrunner.agent.watchdog.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.agent.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import oshi.SystemInfo;

class LoadProbeTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T01:00:00Z"));
    private final AtomicReference<Double> reading = new AtomicReference<>(10.0);
    private final LoadProbe probe = new LoadProbe("watchdog.check.cpu.machine", "", 80, 30, reading::get, clock);

    @Test
    void failsOnlyOnceTheReadingStayedAboveTheLimitForTheWholeTime() {
        assertThat(probe.run().healthy()).isTrue();
        reading.set(95.0);
        assertThat(probe.run().healthy()).isTrue();
        clock.advance(Duration.ofSeconds(29));
        assertThat(probe.run().healthy()).isTrue();
        clock.advance(Duration.ofSeconds(1));

        CheckResult result = probe.run();

        assertThat(result.healthy()).isFalse();
        assertThat(result.key()).isEqualTo("watchdog.check.cpu.machine");
        assertThat(result.args()).containsExactly("", 95.0, 80.0, 30L);
    }

    @Test
    void oneReadingBelowTheLimit_startsTheTimeOver() {
        reading.set(95.0);
        probe.run();
        clock.advance(Duration.ofSeconds(20));
        reading.set(50.0);
        probe.run();
        reading.set(95.0);
        clock.advance(Duration.ofSeconds(1));
        probe.run();
        clock.advance(Duration.ofSeconds(20));

        assertThat(probe.run().healthy()).isTrue();
        clock.advance(Duration.ofSeconds(10));
        assertThat(probe.run().healthy()).isFalse();
    }

    @Test
    void readsTheRealMachine_withinSaneBounds() {
        MachineReadings machine = new MachineReadings(new SystemInfo());

        double cpu = machine.machineCpu().getAsDouble();
        double memory = machine.machineMemoryPercent().getAsDouble();
        double own = machine.processMegabytes(() -> List.of(ProcessHandle.current().pid())).getAsDouble();

        assertThat(cpu).isBetween(0.0, 100.0);
        assertThat(memory).isBetween(0.1, 100.0);
        assertThat(own).as("this JVM's resident memory in MB").isGreaterThan(10);
    }
}
