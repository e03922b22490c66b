package io.taskrunner.agent.watchdog.check;

import io.taskrunner.protocol.definition.watchdog.PortCheck;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Connects to the port and closes the connection at once. */
final class PortProbe implements Probe {
    private final PortCheck check;

    PortProbe(PortCheck check) {
        this.check = check;
    }

    @Override
    public CheckResult run() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(check.host(), check.port()), check.timeoutMillis());
            return CheckResult.ok();
        } catch (IOException e) {
            return CheckResult.failed("watchdog.check.port.closed", check.host(), check.port(), e.getMessage());
        }
    }
}
