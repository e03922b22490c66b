package io.taskrunner.console.it;

import io.taskrunner.console.service.pki.KeyStores;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/** {@code taskrunner-console} as its own process, started from the test class path as an operator would run it. */
final class ConsoleCommand implements AutoCloseable {
    private final Process process;
    private final Path log;

    private ConsoleCommand(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Runs a command to its end (at most a minute). */
    static CommandResult run(Path dataDir, String... args) throws IOException, InterruptedException {
        Files.createDirectories(dataDir);
        Path output = Files.createTempFile(dataDir.getParent(), "console-command", ".log");
        Process process = new ProcessBuilder(command(args)).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("taskrunner-console " + String.join(" ", args) + " did not end: "
                    + Files.readString(output));
        }
        return new CommandResult(process.exitValue(), Files.readString(output));
    }

    /** Starts a long-running command (the headless console); {@link #close()} stops it as Ctrl+C would. */
    static ConsoleCommand start(Path dataDir, String... args) throws IOException {
        Files.createDirectories(dataDir);
        Path log = dataDir.resolveSibling("console-process.log");
        Process process = new ProcessBuilder(command(args)).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
        return new ConsoleCommand(process, log);
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** A client that trusts the CA in the console's data folder and nothing else. */
    static HttpClient trustingCa(Path dataDir) throws Exception {
        X509Certificate ca;
        try (InputStream in = Files.newInputStream(dataDir.resolve("pki").resolve("ca.cert.pem"))) {
            ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, KeyStores.trustManagerFactory(ca).getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).build();
    }

    private static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "io.taskrunner.console.ConsoleMain"));
        command.addAll(List.of(args));
        return command;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
