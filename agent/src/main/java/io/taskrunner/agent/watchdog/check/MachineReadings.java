package io.taskrunner.agent.watchdog.check;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * CPU and memory readings through OSHI, as suppliers for {@link LoadProbe}. A CPU supplier measures the time since
 * its previous reading, so each probe gets its own.
 */
final class MachineReadings {
    private static final double MEGABYTE = 1024 * 1024;
    private final CentralProcessor cpu;
    private final GlobalMemory memory;
    private final OperatingSystem os;

    MachineReadings(SystemInfo system) {
        this.cpu = system.getHardware().getProcessor();
        this.memory = system.getHardware().getMemory();
        this.os = system.getOperatingSystem();
    }

    /** Whole-machine CPU use in percent (0-100) since the previous reading. */
    DoubleSupplier machineCpu() {
        long[][] previous = {cpu.getSystemCpuLoadTicks()};
        return () -> {
            double load = cpu.getSystemCpuLoadBetweenTicks(previous[0]);
            previous[0] = cpu.getSystemCpuLoadTicks();
            return load * 100;
        };
    }

    /** Physical memory in use, percent. */
    DoubleSupplier machineMemoryPercent() {
        return () -> 100.0 * (memory.getTotal() - memory.getAvailable()) / memory.getTotal();
    }

    /** CPU use of the processes {@code pids} names now, added up (100 = one core), since the previous reading. */
    DoubleSupplier processCpu(Supplier<List<Long>> pids) {
        Map<Long, OSProcess> previous = new HashMap<>();
        return () -> {
            Map<Long, OSProcess> now = snapshot(pids.get());
            double load = now.entrySet().stream()
                    .mapToDouble(e -> e.getValue().getProcessCpuLoadBetweenTicks(previous.get(e.getKey())))
                    .sum();
            previous.clear();
            previous.putAll(now);
            return load * 100;
        };
    }

    /** Resident memory of the processes {@code pids} names now, added up, in megabytes. */
    DoubleSupplier processMegabytes(Supplier<List<Long>> pids) {
        return () -> snapshot(pids.get()).values().stream().mapToLong(OSProcess::getResidentMemory).sum() / MEGABYTE;
    }

    /** Resident memory of the processes, in percent of physical memory. */
    DoubleSupplier processMemoryPercent(Supplier<List<Long>> pids) {
        DoubleSupplier megabytes = processMegabytes(pids);
        return () -> 100.0 * megabytes.getAsDouble() * MEGABYTE / memory.getTotal();
    }

    private Map<Long, OSProcess> snapshot(List<Long> pids) {
        Map<Long, OSProcess> found = new HashMap<>();
        for (long pid : pids) {
            OSProcess process = os.getProcess((int) pid);
            if (process != null) {
                found.put(pid, process);
            }
        }
        return found;
    }
}
