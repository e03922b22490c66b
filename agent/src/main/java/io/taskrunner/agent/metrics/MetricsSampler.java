package io.taskrunner.agent.metrics;

import io.taskrunner.protocol.message.AgentMetrics;
import io.taskrunner.protocol.message.ChannelStatus;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;

/** Samples whole-machine load with OSHI; CPU is the load since the previous sample. Not thread-safe. */
public final class MetricsSampler {
    private final CentralProcessor processor;
    private final GlobalMemory memory;
    private final SystemInfo system;
    private final Path dataDir;
    private final IntSupplier runningRuns;
    private final Supplier<List<ChannelStatus>> channels;
    private long[] previousTicks;

    public MetricsSampler(SystemInfo system, Path dataDir, IntSupplier runningRuns,
            Supplier<List<ChannelStatus>> channels) {
        this.channels = channels;
        this.system = system;
        this.processor = system.getHardware().getProcessor();
        this.memory = system.getHardware().getMemory();
        this.dataDir = dataDir;
        this.runningRuns = runningRuns;
        this.previousTicks = processor.getSystemCpuLoadTicks();
    }

    public AgentMetrics sample() {
        double cpu = processor.getSystemCpuLoadBetweenTicks(previousTicks) * 100;
        previousTicks = processor.getSystemCpuLoadTicks();
        long total = memory.getTotal();
        long used = total - memory.getAvailable();
        long diskFree = 0;
        long diskTotal = 0;
        try {
            FileStore store = Files.getFileStore(dataDir);
            diskFree = store.getUsableSpace();
            diskTotal = store.getTotalSpace();
        } catch (IOException e) {
            // the figures stay 0: a missing disk reading must not stop the metrics
        }
        return new AgentMetrics(clamp(cpu), Math.max(0, used), total, diskFree, diskTotal,
                system.getOperatingSystem().getSystemUptime(), runningRuns.getAsInt(), channels.get());
    }

    private static double clamp(double percent) {
        if (Double.isNaN(percent) || percent < 0) {
            return 0;
        }
        return Math.min(100, Math.round(percent * 10) / 10.0);
    }
}
