package io.taskrunner.console.core;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to start the console core. With {@code externalBrokerHost} set the console connects to that broker (e.g.
 * Mosquitto configured with certificates from the console's CA) instead of starting the embedded one;
 * {@code advertisedHost} is the broker address written into enrolment bundles. The Fleet API listens on
 * {@code apiBind:apiPort}; {@code apiPort} 0 turns it off.
 */
public record ConsoleOptions(
        Path dataDir,
        String bindHost,
        int brokerPort,
        String advertisedHost,
        String externalBrokerHost,
        int externalBrokerPort,
        String apiBind,
        int apiPort) {

    public static final int DEFAULT_BROKER_PORT = 8883;
    public static final int DEFAULT_API_PORT = 8643;
    public static final String DEFAULT_API_BIND = "127.0.0.1";
    /** {@link #apiPort()} that turns the Fleet API off. */
    public static final int API_OFF = 0;

    public ConsoleOptions {
        Objects.requireNonNull(dataDir, "dataDir");
        bindHost = bindHost == null ? "0.0.0.0" : bindHost;
        if (brokerPort < 0 || brokerPort > 65535) {
            throw new IllegalArgumentException("broker port must be between 0 and 65535, was " + brokerPort);
        }
        advertisedHost = advertisedHost == null ? "localhost" : advertisedHost;
        apiBind = apiBind == null ? DEFAULT_API_BIND : apiBind;
        if (apiPort < 0 || apiPort > 65535) {
            throw new IllegalArgumentException("API port must be between 0 (off) and 65535, was " + apiPort);
        }
    }

    /** Without the Fleet API. */
    public ConsoleOptions(Path dataDir, String bindHost, int brokerPort, String advertisedHost,
            String externalBrokerHost, int externalBrokerPort) {
        this(dataDir, bindHost, brokerPort, advertisedHost, externalBrokerHost, externalBrokerPort, null, API_OFF);
    }

    /** The embedded broker, without the Fleet API. */
    public static ConsoleOptions embedded(Path dataDir, String bindHost, int brokerPort) {
        return new ConsoleOptions(dataDir, bindHost, brokerPort, null, null, 0);
    }

    /** An external broker, without the Fleet API. */
    public static ConsoleOptions external(Path dataDir, String host, int port) {
        return new ConsoleOptions(dataDir, null, 0, host, host, port);
    }

    /** The same with the Fleet API on {@code bind:port} (port 0: off). */
    public ConsoleOptions withApi(String bind, int port) {
        return new ConsoleOptions(dataDir, bindHost, brokerPort, advertisedHost, externalBrokerHost,
                externalBrokerPort, bind, port);
    }

    public boolean usesEmbeddedBroker() {
        return externalBrokerHost == null;
    }

    public boolean servesApi() {
        return apiPort != API_OFF;
    }
}
