package io.taskrunner.protocol.definition.watchdog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;

/** A file (a log, a heartbeat) was modified within the last {@code maxAgeSeconds}; a missing file is a failure. */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record FileAgeCheck(
        @JsonProperty(required = true) String path,
        @JsonProperty(required = true) long maxAgeSeconds) implements WatchdogCheck {

    public FileAgeCheck {
        Check.maxLength(Check.notBlank(path, "path"), 4096, "path");
        Check.range(maxAgeSeconds, 1, 366L * 24 * 3600, "maxAgeSeconds");
    }
}
