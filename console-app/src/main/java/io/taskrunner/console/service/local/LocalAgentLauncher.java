package io.taskrunner.console.service.local;

import io.taskrunner.console.service.enrol.EnrolmentService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a fresh console a fleet of one: enrols an agent on this PC (once) and runs it as a child process from
 * its own jar, the same way a service manager would. The agent is stopped with the console.
 */
public final class LocalAgentLauncher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalAgentLauncher.class);

    /** A small footprint for a daemon that idles most of the time (measured: about 117 MiB RSS idle). */
    public static final List<String> AGENT_JVM_OPTIONS = List.of("-Xmx48m", "-Xss512k", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=24m", "-XX:MaxMetaspaceSize=64m",
            "-XX:CICompilerCount=1", "--sun-misc-unsafe-memory-access=allow");

    private final Path agentJar;
    private final Path dataDir;
    private final EnrolmentService enrolment;
    private final String agentId;
    private Process process;

    public LocalAgentLauncher(Path agentJar, Path dataDir, EnrolmentService enrolment, String agentId) {
        this.agentJar = agentJar;
        this.dataDir = dataDir;
        this.enrolment = enrolment;
        this.agentId = agentId;
    }

    public void start() {
        if (!Files.isRegularFile(agentJar)) {
            throw new IllegalStateException("agent jar not found at " + agentJar
                    + "; build it with ./mvnw package or pass --agent-jar");
        }
        try {
            Files.createDirectories(dataDir);
            if (!Files.exists(dataDir.resolve("agent.json"))) {
                enrolLocalAgent();
            }
            Path log = dataDir.resolve("agent-process.log");
            process = new ProcessBuilder(agentCommand("run", "--data-dir", dataDir.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            LOG.info("local agent {} started (pid {}), log {}", agentId, process.pid(), log);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the local agent: " + e.getMessage(), e);
        }
    }

    private void enrolLocalAgent() throws IOException {
        Path bundle = dataDir.resolve("enrolment-bundle.json");
        enrolment.enrolToFile(agentId, bundle);
        try {
            Process enroll = new ProcessBuilder(agentCommand("enroll", "--bundle", bundle.toString(), "--data-dir",
                    dataDir.toString())).redirectErrorStream(true).start();
            String output = new String(enroll.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!enroll.waitFor(60, TimeUnit.SECONDS) || enroll.exitValue() != 0) {
                throw new IllegalStateException("enrolling the local agent failed: " + output.strip());
            }
            LOG.info("local agent enrolled: {}", output.strip());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while enrolling the local agent", e);
        } finally {
            Files.deleteIfExists(bundle);
        }
    }

    private List<String> agentCommand(String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java));
        command.addAll(AGENT_JVM_OPTIONS);
        command.addAll(List.of("-jar", agentJar.toString()));
        command.addAll(List.of(args));
        return command;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
