package io.taskrunner.agent.config;

import io.taskrunner.protocol.mqtt.TlsFiles;
import java.nio.file.Path;

/** Where the agent keeps what, inside its one data folder. */
public record AgentPaths(Path dataDir) {
    public Path settingsFile() {
        return dataDir.resolve("agent.json");
    }

    public Path certificatesDir() {
        return dataDir.resolve("certs");
    }

    public TlsFiles tlsFiles() {
        return TlsFiles.in(certificatesDir());
    }

    public Path storeFile() {
        return dataDir.resolve("agent-store.mv.db");
    }

    public Path lockFile() {
        return dataDir.resolve("agent.lock");
    }

    public Path logsDir() {
        return dataDir.resolve("logs");
    }

    public Path workDir() {
        return dataDir.resolve("work");
    }
}
