package io.taskrunner.protocol.definition.watchdog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;

/**
 * The file system holding {@code path} has room left: at least {@code minFreePercent} and/or {@code minFreeMegabytes}
 * (each one given must hold).
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record DiskCheck(
        @JsonProperty(required = true) String path,
        double minFreePercent,
        long minFreeMegabytes) implements WatchdogCheck {

    public DiskCheck {
        Check.maxLength(Check.notBlank(path, "path"), 4096, "path");
        Check.range(minFreePercent, 0, 100, "minFreePercent");
        Check.range(minFreeMegabytes, 0, Long.MAX_VALUE / (1024 * 1024), "minFreeMegabytes");
        if (minFreePercent == 0 && minFreeMegabytes == 0) {
            throw new ProtocolException("minFreePercent", "give minFreePercent or minFreeMegabytes (or both)");
        }
    }
}
