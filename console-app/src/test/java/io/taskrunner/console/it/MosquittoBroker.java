package io.taskrunner.console.it;

import io.taskrunner.console.service.pki.CertificateAuthority;
import io.taskrunner.console.service.pki.IssuedCredential;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** Debian's mosquitto with TLS and client certificates from the console's CA, as an operator would set it up. */
final class MosquittoBroker implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final Path dir;
    private final int port;
    private Process process;

    MosquittoBroker(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    MosquittoBroker start(CertificateAuthority ca) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("mosquitto is not installed: apt-get install mosquitto");
        }
        Files.createDirectories(dir.resolve("data"));
        IssuedCredential server = ca.issueServerCertificate("mosquitto", List.of("localhost"), List.of("127.0.0.1"),
                Duration.ofDays(1));
        Files.writeString(dir.resolve("ca.pem"), ca.certificatePem());
        Files.writeString(dir.resolve("server.pem"), server.certificatePem());
        Files.writeString(dir.resolve("server.key"), server.privateKeyPem());
        Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n",
                // as root, mosquitto would switch to its own user, which cannot read the test's private folder
                "user " + System.getProperty("user.name"),
                "listener " + port + " 127.0.0.1",
                "cafile " + dir.resolve("ca.pem"),
                "certfile " + dir.resolve("server.pem"),
                "keyfile " + dir.resolve("server.key"),
                "require_certificate true",
                "use_identity_as_username true",
                "set_tcp_nodelay true",
                "persistence true",
                "persistence_location " + dir.resolve("data") + "/",
                "max_queued_messages 1000",
                "log_dest file " + dir.resolve("mosquitto.log"),
                ""));
        process = new ProcessBuilder(BINARY.toString(), "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.out").toFile())
                .start();
        Awaitility.await("mosquitto listening on " + port).atMost(Duration.ofSeconds(20)).until(this::listening);
        return this;
    }

    /**
     * Starts mosquitto with a configuration made elsewhere (e.g. exported by the console) and waits until it listens
     * on this broker's port and on {@code otherPorts}.
     */
    MosquittoBroker startWithConfig(Path config, int... otherPorts) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("mosquitto is not installed: apt-get install mosquitto");
        }
        Files.createDirectories(dir);
        process = new ProcessBuilder(BINARY.toString(), "-c", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.out").toFile())
                .start();
        Awaitility.await("mosquitto listening on " + port).atMost(Duration.ofSeconds(20)).until(this::listening);
        for (int other : otherPorts) {
            Awaitility.await("mosquitto listening on " + other).atMost(Duration.ofSeconds(20))
                    .until(() -> listening(other));
        }
        return this;
    }

    int port() {
        return port;
    }

    private boolean listening() {
        return listening(port);
    }

    private boolean listening(int candidate) {
        if (!process.isAlive()) {
            throw new IllegalStateException("mosquitto exited: " + read(dir.resolve("mosquitto.out"))
                    + read(dir.resolve("mosquitto.log")));
        }
        try (Socket socket = new Socket("127.0.0.1", candidate)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
