package io.taskrunner.console.service.broker;

import java.nio.file.Path;
import java.util.Objects;

import io.taskrunner.console.service.pki.BrokerCredentials;

/**
 * How the embedded broker listens and where it keeps its data. {@link #toString()} leaves the password out.
 *
 * @param bindHost        the address to listen on, e.g. "0.0.0.0" (all interfaces) or "127.0.0.1"
 * @param port            the TCP port, 0 for any free one (see {@link EmbeddedBroker#port()})
 * @param dataDir         the broker's own folder: journal, bindings, paging, large messages, lock
 * @param storePassword   the password of both PKCS#12 stores
 * @param maxMessageBytes the largest MQTT packet the broker accepts
 */
public record BrokerSettings(
        String bindHost,
        int port,
        Path dataDir,
        Path keyStorePath,
        Path trustStorePath,
        String storePassword,
        int maxMessageBytes) {

    public static final int DEFAULT_PORT = 8883;
    /** Room for a 256 KiB message (the codec's default limit) with its topic and properties, and then some. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;
    /** MQTT's own limit: the remaining-length field holds at most 268,435,455. */
    public static final int MQTT_MAX_PACKET_BYTES = 268_435_455;

    public BrokerSettings {
        if (bindHost == null || bindHost.isBlank()) {
            throw new IllegalArgumentException("bindHost must not be blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(keyStorePath, "keyStorePath");
        Objects.requireNonNull(trustStorePath, "trustStorePath");
        if (storePassword == null || storePassword.isEmpty()) {
            throw new IllegalArgumentException("storePassword must not be empty");
        }
        if (maxMessageBytes < 1024 || maxMessageBytes > MQTT_MAX_PACKET_BYTES) {
            throw new IllegalArgumentException("maxMessageBytes must be between 1024 and " + MQTT_MAX_PACKET_BYTES
                    + ", was " + maxMessageBytes);
        }
    }

    /** Settings for the stores in {@code credentials}, with the default message size limit. */
    public static BrokerSettings of(String bindHost, int port, Path dataDir, BrokerCredentials credentials) {
        Objects.requireNonNull(credentials, "credentials");
        return new BrokerSettings(bindHost, port, dataDir, credentials.keyStorePath(), credentials.trustStorePath(),
                credentials.password(), DEFAULT_MAX_MESSAGE_BYTES);
    }

    @Override
    public String toString() {
        return "BrokerSettings[bindHost=" + bindHost + ", port=" + port + ", dataDir=" + dataDir + ", keyStorePath="
                + keyStorePath + ", trustStorePath=" + trustStorePath + ", maxMessageBytes=" + maxMessageBytes + "]";
    }
}
