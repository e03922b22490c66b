package io.taskrunner.console.service.broker;

import java.util.Optional;

/** What kind of client an identity is; carried into the broker as a JAAS role principal. */
public enum ClientRole {
    AGENT("agent"),
    CONSOLE("console"),
    /** An IoT device without a certificate, logged in with a device credential (user name and password). */
    DEVICE("device");

    private final String principalName;

    ClientRole(String principalName) {
        this.principalName = principalName;
    }

    public String principalName() {
        return principalName;
    }

    /** The role whose {@link #principalName()} is {@code name}; empty for any other text. */
    public static Optional<ClientRole> fromPrincipalName(String name) {
        for (ClientRole role : values()) {
            if (role.principalName.equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
