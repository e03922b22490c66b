package io.taskrunner.console.service.broker;

import java.util.Optional;

/**
 * The device credentials as the broker needs them. Implemented by the console's device credential service; called
 * on broker threads.
 */
public interface DeviceDirectory {
    /**
     * Checks a device's user name and password. May take tens of milliseconds (a slow password hash) for a password
     * not seen since the credential last changed; never logs the password.
     */
    DeviceLoginOutcome login(String name, String password);

    /** What an enabled device may publish to, from memory (called for every authorization); empty otherwise. */
    Optional<DeviceGrants> grants(String name);

    /**
     * True when a client without a certificate, logging in as {@code deviceName} (null when it sent no user name),
     * must not use {@code clientId}: it belongs to the console, a known agent or another device. MQTT lets a new
     * connection take over the session of the same client id, so a device could otherwise push an agent off.
     */
    boolean isReservedClientId(String deviceName, String clientId);

    /** No device credentials at all: every login without a certificate is refused. */
    static DeviceDirectory none() {
        return new DeviceDirectory() {
            @Override
            public DeviceLoginOutcome login(String name, String password) {
                return DeviceLoginOutcome.UNKNOWN;
            }

            @Override
            public Optional<DeviceGrants> grants(String name) {
                return Optional.empty();
            }

            @Override
            public boolean isReservedClientId(String deviceName, String clientId) {
                return ClientIdentity.CONSOLE.equals(clientId);
            }
        };
    }

    /** How a device login ended. */
    enum DeviceLoginOutcome {
        ACCEPTED, UNKNOWN, DISABLED, WRONG_PASSWORD
    }
}
