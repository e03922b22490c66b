package io.taskrunner.agent.watchdog.check;

import io.taskrunner.agent.field.modbus.ModbusSlaves;
import io.taskrunner.protocol.definition.watchdog.CpuCheck;
import io.taskrunner.protocol.definition.watchdog.DiskCheck;
import io.taskrunner.protocol.definition.watchdog.FileAgeCheck;
import io.taskrunner.protocol.definition.watchdog.HttpCheck;
import io.taskrunner.protocol.definition.watchdog.MemoryCheck;
import io.taskrunner.protocol.definition.watchdog.ModbusCheck;
import io.taskrunner.protocol.definition.watchdog.MqttSilenceCheck;
import io.taskrunner.protocol.definition.watchdog.PortCheck;
import io.taskrunner.protocol.definition.watchdog.ProcessCheck;
import io.taskrunner.protocol.definition.watchdog.ProcessSelector;
import io.taskrunner.protocol.definition.watchdog.ProgramCheck;
import io.taskrunner.protocol.definition.watchdog.TaskCheck;
import io.taskrunner.protocol.definition.watchdog.WatchdogCheck;
import io.taskrunner.protocol.definition.watchdog.WatchdogRule;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import oshi.SystemInfo;

/** Makes the probe for a rule's check. Thread-safe. */
public final class Probes implements AutoCloseable {
    private final Clock clock;
    private final TopicMessages topics;
    private final TaskRuns taskRuns;
    private final Function<String, OptionalLong> supervisedPid;
    private final ModbusSlaves modbus;
    private final HttpClient http;
    private volatile MachineReadings readings;

    /**
     * @param supervisedPid the pid of the program a {@code program} rule of that name runs now, if any
     * @param modbus        the agent's Modbus connections, for {@code modbus} checks; not closed here
     */
    public Probes(Clock clock, TopicMessages topics, TaskRuns taskRuns, Function<String, OptionalLong> supervisedPid,
            ModbusSlaves modbus) {
        this.clock = clock;
        this.topics = topics;
        this.taskRuns = taskRuns;
        this.supervisedPid = supervisedPid;
        this.modbus = modbus;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** The probe for {@code rule}; a {@code program} rule has none (its supervisor watches it). */
    public Probe create(WatchdogRule rule) {
        WatchdogCheck check = rule.check();
        return switch (check) {
            case ProgramCheck program -> throw new IllegalArgumentException("a program rule is supervised, not probed");
            case ProcessCheck process -> new ProcessProbe(process);
            case PortCheck port -> new PortProbe(port);
            case HttpCheck web -> new HttpProbe(web, http);
            case DiskCheck disk -> new DiskProbe(disk);
            case FileAgeCheck file -> new FileAgeProbe(file, clock);
            case MqttSilenceCheck silence -> new MqttSilenceProbe(silence, topics, clock);
            // a check run may take as long as the interval; after that the next one is due
            case TaskCheck task -> new TaskProbe(task, taskRuns, Duration.ofSeconds(Math.max(rule.intervalSeconds(),
                    60)));
            case CpuCheck cpu -> cpuProbe(cpu);
            case MemoryCheck memory -> memoryProbe(memory);
            case ModbusCheck device -> new ModbusProbe(device, modbus, clock);
        };
    }

    private LoadProbe cpuProbe(CpuCheck cpu) {
        DoubleSupplier reading = cpu.process() == null ? readings().machineCpu()
                : readings().processCpu(pids(cpu.process()));
        return new LoadProbe(cpu.process() == null ? "watchdog.check.cpu.machine" : "watchdog.check.cpu.process",
                describe(cpu.process()), cpu.maxPercent(), cpu.forSeconds(), reading, clock);
    }

    private LoadProbe memoryProbe(MemoryCheck memory) {
        if (memory.process() == null) {
            return new LoadProbe("watchdog.check.memory.machine", describe(null), memory.maxPercent(),
                    memory.forSeconds(), readings().machineMemoryPercent(), clock);
        }
        Supplier<List<Long>> pids = pids(memory.process());
        return memory.maxMegabytes() > 0
                ? new LoadProbe("watchdog.check.memory.megabytes", describe(memory.process()), memory.maxMegabytes(),
                        memory.forSeconds(), readings().processMegabytes(pids), clock)
                : new LoadProbe("watchdog.check.memory.process", describe(memory.process()), memory.maxPercent(),
                        memory.forSeconds(), readings().processMemoryPercent(pids), clock);
    }

    /** The pids a selector names now: the supervised program and its descendants, or the matching processes. */
    private Supplier<List<Long>> pids(ProcessSelector selector) {
        if (selector.rule() != null) {
            return () -> {
                OptionalLong pid = supervisedPid.apply(selector.rule());
                List<Long> pids = new ArrayList<>();
                if (pid.isPresent()) {
                    ProcessHandle.of(pid.getAsLong()).ifPresent(root -> {
                        pids.add(root.pid());
                        root.descendants().forEach(child -> pids.add(child.pid()));
                    });
                }
                return pids;
            };
        }
        ProcessFinder finder = new ProcessFinder(selector.name(), selector.compiledPattern());
        return () -> finder.find().stream().map(ProcessHandle::pid).toList();
    }

    private static String describe(ProcessSelector selector) {
        if (selector == null) {
            return "";
        }
        if (selector.rule() != null) {
            return selector.rule();
        }
        return selector.name() != null ? selector.name() : "/" + selector.commandLinePattern() + "/";
    }

    private MachineReadings readings() {
        MachineReadings current = readings;
        if (current == null) {
            synchronized (this) {
                if (readings == null) {
                    readings = new MachineReadings(new SystemInfo());
                }
                current = readings;
            }
        }
        return current;
    }

    /** Releases the HTTP client. */
    @Override
    public void close() {
        http.close();
    }
}
