package io.taskrunner.protocol.definition.watchdog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;

/**
 * A TCP port accepts connections.
 *
 * @param host          {@code null}: 127.0.0.1
 * @param timeoutMillis how long a connect may take; 0: 3000
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record PortCheck(
        String host,
        @JsonProperty(required = true) int port,
        int timeoutMillis) implements WatchdogCheck {

    public PortCheck {
        host = host == null || host.isBlank() ? "127.0.0.1" : Check.maxLength(host, 253, "host");
        Check.range(port, 1, 65535, "port");
        timeoutMillis = timeoutMillis == 0 ? 3000 : timeoutMillis;
        Check.range(timeoutMillis, 1, 60_000, "timeoutMillis");
    }
}
