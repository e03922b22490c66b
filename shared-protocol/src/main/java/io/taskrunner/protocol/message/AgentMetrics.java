package io.taskrunner.protocol.message;

import io.taskrunner.protocol.Check;
import java.util.List;

/** Periodic load figures; not retained, QoS 0. */
public record AgentMetrics(
        double cpuPercent,
        long memoryUsedBytes,
        long memoryTotalBytes,
        long diskFreeBytes,
        long diskTotalBytes,
        long uptimeSeconds,
        int runningRuns,
        List<ChannelStatus> channels) implements MessageBody {

    public AgentMetrics {
        Check.range(cpuPercent, 0, 100, "cpuPercent");
        Check.range(memoryUsedBytes, 0, Long.MAX_VALUE, "memoryUsedBytes");
        Check.range(memoryTotalBytes, 0, Long.MAX_VALUE, "memoryTotalBytes");
        Check.range(diskFreeBytes, 0, Long.MAX_VALUE, "diskFreeBytes");
        Check.range(diskTotalBytes, 0, Long.MAX_VALUE, "diskTotalBytes");
        Check.range(uptimeSeconds, 0, Long.MAX_VALUE, "uptimeSeconds");
        Check.range(runningRuns, 0, Integer.MAX_VALUE, "runningRuns");
        channels = channels == null ? List.of() : List.copyOf(Check.maxSize(channels, 1000, "channels"));
    }

    public double memoryPercent() {
        return memoryTotalBytes == 0 ? 0 : 100.0 * memoryUsedBytes / memoryTotalBytes;
    }
}
