package io.taskrunner.console.api;

import java.util.Objects;

/**
 * How the Fleet API serves.
 *
 * @param bind              address to listen on ({@code 127.0.0.1}: this PC only; {@code 0.0.0.0}: every interface)
 * @param port              TCP port; 0 picks a free one (tests)
 * @param maxBodyBytes      largest request body; 413 beyond it
 * @param requestsPerSecond token bucket refill per token (per address for requests without a valid token)
 * @param burst             requests a token may send at once
 * @param maxWaitSeconds    longest {@code wait} a caller may ask for
 */
public record FleetApiSettings(String bind, int port, int maxBodyBytes, int requestsPerSecond, int burst,
        int maxWaitSeconds) {

    public static final int DEFAULT_PORT = 8643;
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    public FleetApiSettings {
        Objects.requireNonNull(bind, "bind");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        if (maxBodyBytes < 1024 || requestsPerSecond < 1 || burst < 1 || maxWaitSeconds < 1) {
            throw new IllegalArgumentException("maxBodyBytes (>= 1024), requestsPerSecond, burst and maxWaitSeconds"
                    + " (>= 1) are too small");
        }
    }

    /** 1 MiB bodies, 20 requests a second with bursts of 40, waits of up to 300 s. */
    public static FleetApiSettings of(String bind, int port) {
        return new FleetApiSettings(bind, port, DEFAULT_MAX_BODY_BYTES, 20, 40, 300);
    }
}
