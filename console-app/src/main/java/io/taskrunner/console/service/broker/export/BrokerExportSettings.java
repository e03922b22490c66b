package io.taskrunner.console.service.broker.export;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where and for what the broker rules are exported.
 *
 * @param targetDir       the folder the files are written to (created owner-only when missing)
 * @param installDir      where the files will lie on the broker's host, for the paths in {@code mosquitto.conf};
 *                        null for {@code targetDir} itself
 * @param bindAddress     the address Mosquitto's listeners bind, or null for every interface
 * @param certificatePort Mosquitto's listener for the console and agents (client certificates)
 * @param devicePort      Mosquitto's listener for devices (user name and password)
 * @param dnsNames        host names the broker certificate names (clients check them)
 * @param ipAddresses     IP addresses the broker certificate names
 * @param emqx            also write an EMQX 5 {@code acl.conf}
 */
public record BrokerExportSettings(Path targetDir, Path installDir, String bindAddress, int certificatePort,
        int devicePort, List<String> dnsNames, List<String> ipAddresses, boolean emqx) {
    public static final int DEFAULT_CERTIFICATE_PORT = 8883;
    public static final int DEFAULT_DEVICE_PORT = 8884;

    public BrokerExportSettings {
        targetDir = Objects.requireNonNull(targetDir, "targetDir").toAbsolutePath();
        installDir = installDir == null ? targetDir : installDir;
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
        if (dnsNames.isEmpty() && ipAddresses.isEmpty()) {
            throw new IllegalArgumentException("dnsNames and ipAddresses: the broker certificate must name at least "
                    + "one host");
        }
        // checks the ports now rather than halfway through writing
        new MosquittoListeners(installDir, bindAddress, certificatePort, devicePort);
    }

    MosquittoListeners listeners() {
        return new MosquittoListeners(installDir, bindAddress, certificatePort, devicePort);
    }
}
