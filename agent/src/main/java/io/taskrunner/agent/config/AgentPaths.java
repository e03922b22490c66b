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

    /** Operator-written task definitions for an agent with no console, or beside it (the console's win by name). */
    public Path definitionsFile() {
        return dataDir.resolve("definitions.json");
    }

    /** Secrets that datasource password references of the form {@code secret:NAME} name. */
    /** The console's desired bundle the agent runs, kept for restarts without the console. */
    public Path desiredFile() {
        return dataDir().resolve("desired.json");
    }

    public Path secretsFile() {
        return dataDir.resolve("secrets.json");
    }

    public Path runLogsDir() {
        return logsDir().resolve("runs");
    }

    public Path workDir() {
        return dataDir.resolve("work");
    }
}
