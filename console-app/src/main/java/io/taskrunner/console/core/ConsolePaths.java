package io.taskrunner.console.core;

import io.taskrunner.protocol.mqtt.TlsFiles;
import io.taskrunner.protocol.security.KeyFile;
import java.nio.file.Path;

/** Where the console keeps what under its data folder (default {@code ~/.taskrunner/console}). */
public record ConsolePaths(Path dataDir) {
    public static Path defaultDataDir() {
        return Path.of(System.getProperty("user.home"), ".taskrunner", "console");
    }

    public Path pkiDir() {
        return dataDir.resolve("pki");
    }

    public Path brokerDataDir() {
        return dataDir.resolve("broker");
    }

    public Path databaseDir() {
        return dataDir.resolve("db");
    }

    /** The key that seals secrets stored in the database; outside {@link #databaseDir()} on purpose. */
    public Path secretKeyFile() {
        return dataDir.resolve(KeyFile.FILE_NAME);
    }

    public Path signingKeyFile() {
        return pkiDir().resolve("signing.key.pem");
    }

    /** The CA's certificate revocation list (PEM), for an external broker's {@code crlfile}. */
    public Path crlFile() {
        return pkiDir().resolve("crl.pem");
    }

    /** The console's own MQTT client certificate (CN {@code console}). */
    public TlsFiles consoleClientTls() {
        return new TlsFiles(pkiDir().resolve("ca.cert.pem"), pkiDir().resolve("console.cert.pem"),
                pkiDir().resolve("console.key.pem"));
    }

    public Path bundlesDir() {
        return dataDir.resolve("bundles");
    }

    public Path localAgentDir() {
        return dataDir.resolve("local-agent");
    }

    /** Job files, one per content, named by their SHA-256. */
    public Path jobFilesDir() {
        return dataDir.resolve("files");
    }

    public Path settingsFile() {
        return dataDir.resolve("settings.json");
    }
}
