package io.taskrunner.agent.field.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.taskrunner.agent.field.FieldDeviceException;
import io.taskrunner.protocol.definition.field.ModbusDataType;
import io.taskrunner.protocol.definition.field.ModbusEndpoint;
import io.taskrunner.protocol.definition.field.ModbusPoint;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against an independent Modbus TCP server: Debian's pymodbus 3.0, run as its own process. */
class ModbusPymodbusIT {
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;
    private int port;
    private Process server;
    private ModbusSlaves slaves;
    private ModbusEndpoint endpoint;

    @BeforeEach
    void startServer() throws Exception {
        try (InputStream script = ModbusPymodbusIT.class.getResourceAsStream("/modbus/pymodbus_server.py")) {
            Files.write(dir.resolve("pymodbus_server.py"), script.readAllBytes());
        }
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        server = start();
        slaves = new ModbusSlaves(Clock.systemUTC());
        endpoint = new ModbusEndpoint("127.0.0.1", port, 1, 2000, null);
    }

    @AfterEach
    void stopServer() throws InterruptedException {
        if (slaves != null) {
            slaves.close();
        }
        if (server != null) {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void read_everyFunctionTypeAndOrder_decodesWhatPythonPacked() {
        KnownSlave.readsEveryFunctionAndType(slaves, endpoint);
    }

    @Test
    void write_holdingRegistersAndCoils_readsThemBack() {
        KnownSlave.writesAndReadsBack(slaves, endpoint);
    }

    @Test
    void read_illegalAddress_failsWithTheModbusExceptionAndKeepsTheConnection() {
        KnownSlave.failsWithModbusExceptionForAnIllegalAddress(slaves, endpoint);
    }

    @Test
    void read_afterTheServerIsKilledAndStartedAgain_failsClearlyThenReconnects() throws Exception {
        ModbusPoint value = ModbusPoint.of("value", KnownSlave.HOLDING, 0, ModbusDataType.INT16);
        assertThat(slaves.read(endpoint, List.of(value))).containsEntry("value", -1234L);

        server.destroyForcibly();
        assertThat(server.waitFor(10, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> slaves.read(endpoint, List.of(value))).isInstanceOf(FieldDeviceException.class)
                .hasMessageStartingWith("Modbus 127.0.0.1:" + port + " unit 1: ")
                .hasMessageMatching(".*(connection lost|cannot connect).*");
        assertThatThrownBy(() -> slaves.read(endpoint, List.of(value)))
                .as("nobody listens: refused, then backing off")
                .hasMessageMatching(".*(cannot connect|not connected) \\(.+\\); next attempt in \\d+ ms");

        server = start();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .untilAsserted(() -> assertThat(slaves.read(endpoint, List.of(value))).containsEntry("value", -1234L));
    }

    /** Starts the server script on {@link #port} with the temp dir as its working folder; waits until it accepts. */
    private Process start() throws IOException {
        Process process = new ProcessBuilder(PYTHON, "pymodbus_server.py", String.valueOf(port)).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("server-" + System.nanoTime() + ".log").toFile())
                .start();
        server = process;
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            assertThat(process.isAlive()).as("pymodbus server running; see its log in " + dir).isTrue();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        return process;
    }
}
