package io.taskrunner.console.core;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to start the console core. With {@code externalBrokerHost} set the console connects to that broker (e.g.
 * Mosquitto configured with certificates from the console's CA) instead of starting the embedded one;
 * {@code advertisedHost} is the broker address written into enrolment bundles.
 */
public record ConsoleOptions(
        Path dataDir,
        String bindHost,
        int brokerPort,
        String advertisedHost,
        String externalBrokerHost,
        int externalBrokerPort) {

    public static final int DEFAULT_BROKER_PORT = 8883;

    public ConsoleOptions {
        Objects.requireNonNull(dataDir, "dataDir");
        bindHost = bindHost == null ? "0.0.0.0" : bindHost;
        if (brokerPort < 0 || brokerPort > 65535) {
            throw new IllegalArgumentException("broker port must be between 0 and 65535, was " + brokerPort);
        }
        advertisedHost = advertisedHost == null ? "localhost" : advertisedHost;
    }

    public static ConsoleOptions embedded(Path dataDir, String bindHost, int brokerPort) {
        return new ConsoleOptions(dataDir, bindHost, brokerPort, null, null, 0);
    }

    public static ConsoleOptions external(Path dataDir, String host, int port) {
        return new ConsoleOptions(dataDir, null, 0, host, host, port);
    }

    public boolean usesEmbeddedBroker() {
        return externalBrokerHost == null;
    }
}
