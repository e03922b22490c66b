package io.taskrunner.console.service.broker.export;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@code mosquitto.conf} part that sets up two TLS listeners with the exported files: one for the console and
 * the agents (client certificate from the console CA required, its CN is the user name) and one for devices (user
 * name and password, client id forced to the user name so no device can take over an agent's session).
 * {@code per_listener_settings} gives each listener its own {@code acl_file}: patterns that let agents use any topic
 * outside {@code taskrunner/v1/} must not reach devices.
 *
 * @param installDir      where the exported files will lie on the broker's host; the paths written into the file
 * @param bindAddress     the address both listeners bind, or null for every interface
 * @param certificatePort the port of the listener for certificates (agents and the console)
 * @param devicePort      the port of the listener for devices
 */
record MosquittoListeners(Path installDir, String bindAddress, int certificatePort, int devicePort) {
    MosquittoListeners {
        Objects.requireNonNull(installDir, "installDir");
        checkPort(certificatePort, "certificatePort");
        checkPort(devicePort, "devicePort");
        if (certificatePort == devicePort) {
            throw new IllegalArgumentException("devicePort must differ from certificatePort " + certificatePort);
        }
    }

    String text() {
        List<String> lines = new ArrayList<>(List.of(
                "# TaskRunner listeners for Mosquitto 2.0, made by 'taskrunner-console export-broker'.",
                "# per_listener_settings must come before any listener: put these lines first, or use this file as",
                "# the whole configuration (add persistence, logging and 'user' as the host needs).",
                "per_listener_settings true",
                // Mosquitto leaves Nagle's algorithm on, which adds about 40 ms to every small round trip
                "set_tcp_nodelay true",
                "",
                "# The console and agents: a client certificate from the console CA; its CN is the user name.",
                listener(certificatePort),
                "cafile " + file(BrokerRulesExport.CA_FILE),
                "certfile " + file(BrokerRulesExport.BROKER_CERTIFICATE_FILE),
                "keyfile " + file(BrokerRulesExport.BROKER_KEY_FILE),
                "require_certificate true",
                "use_identity_as_username true",
                "allow_anonymous false",
                "acl_file " + file(BrokerRulesExport.CERTIFIED_ACL_FILE),
                "",
                "# Devices: user name and password over TLS; the client id is the user name.",
                listener(devicePort),
                "certfile " + file(BrokerRulesExport.BROKER_CERTIFICATE_FILE),
                "keyfile " + file(BrokerRulesExport.BROKER_KEY_FILE),
                "require_certificate false",
                "allow_anonymous false",
                "use_username_as_clientid true",
                "password_file " + file(BrokerRulesExport.PASSWORD_FILE),
                "acl_file " + file(BrokerRulesExport.DEVICE_ACL_FILE)));
        return String.join("\n", lines) + "\n";
    }

    private String listener(int port) {
        return "listener " + port + (bindAddress == null ? "" : " " + bindAddress);
    }

    private String file(String name) {
        return installDir.resolve(name).toString();
    }

    private static void checkPort(int port, String field) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException(field + " must be 1 to 65535, was " + port);
        }
    }
}
