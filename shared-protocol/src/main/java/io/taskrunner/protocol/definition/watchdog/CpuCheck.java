package io.taskrunner.protocol.definition.watchdog;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.taskrunner.protocol.Check;

/**
 * CPU use stays below {@code maxPercent}: a failure once it has been above it for {@code forSeconds} (every reading
 * in between above). Whole machine (0-100 %), or the matching processes together (100 % is one core).
 *
 * @param process the processes to measure, or {@code null} for the whole machine
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record CpuCheck(
        double maxPercent,
        int forSeconds,
        ProcessSelector process) implements WatchdogCheck {

    public CpuCheck {
        Check.range(maxPercent, 0.1, 100_000, "maxPercent");
        Check.range(forSeconds, 0, 24 * 3600, "forSeconds");
    }
}
