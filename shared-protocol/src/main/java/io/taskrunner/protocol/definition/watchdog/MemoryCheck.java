package io.taskrunner.protocol.definition.watchdog;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;

/**
 * Memory use stays low: a failure once it has been above the limit for {@code forSeconds}. For the whole machine
 * {@code maxPercent} of physical memory in use; for the matching processes (resident memory, added up)
 * {@code maxMegabytes} or {@code maxPercent} of physical memory.
 *
 * @param process the processes to measure, or {@code null} for the whole machine
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record MemoryCheck(
        double maxPercent,
        long maxMegabytes,
        int forSeconds,
        ProcessSelector process) implements WatchdogCheck {

    public MemoryCheck {
        Check.range(maxPercent, 0, 100, "maxPercent");
        Check.range(maxMegabytes, 0, 1L << 40, "maxMegabytes");
        if ((maxPercent == 0) == (maxMegabytes == 0)) {
            throw new ProtocolException("maxPercent", "give exactly one of maxPercent and maxMegabytes");
        }
        if (process == null && maxMegabytes != 0) {
            throw new ProtocolException("maxMegabytes", "applies to a process; for the whole machine give maxPercent");
        }
        Check.range(forSeconds, 0, 24 * 3600, "forSeconds");
    }
}
