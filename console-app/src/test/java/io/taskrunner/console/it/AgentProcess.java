package io.taskrunner.console.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real agent process started from the built jar, as a service manager would start it. */
final class AgentProcess implements AutoCloseable {
    static final Path JAR = Path.of("..", "agent", "target", "taskrunner-agent.jar").toAbsolutePath().normalize();

    private final Path dataDir;
    private Process process;

    AgentProcess(Path dataDir) {
        this.dataDir = dataDir;
    }

    static String enroll(Path bundle, Path dataDir) throws IOException, InterruptedException {
        Process enroll = new ProcessBuilder(command("enroll", "--bundle", bundle.toString(), "--data-dir",
                dataDir.toString())).redirectErrorStream(true).start();
        String output = new String(enroll.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!enroll.waitFor(60, TimeUnit.SECONDS) || enroll.exitValue() != 0) {
            throw new IllegalStateException("enroll failed: " + output);
        }
        return output;
    }

    /** {@code taskrunner-agent jobs next}: asks the console for the agent's next pending job execution. */
    static String jobsNext(Path dataDir) throws IOException, InterruptedException {
        Process next = new ProcessBuilder(command("jobs", "next", "--data-dir", dataDir.toString()))
                .redirectErrorStream(true).start();
        String output = new String(next.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!next.waitFor(60, TimeUnit.SECONDS) || next.exitValue() != 0) {
            next.destroyForcibly();
            throw new IllegalStateException("jobs next failed: " + output);
        }
        return output;
    }

    AgentProcess start() throws IOException {
        Files.createDirectories(dataDir);
        process = new ProcessBuilder(command("run", "--data-dir", dataDir.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("agent-process.log").toFile()))
                .start();
        return this;
    }

    /** Stops it the way a service manager does (SIGTERM), waiting for the clean shutdown. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Kills it without warning, as a power cut would. */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    long pid() {
        return process.pid();
    }

    String log() throws IOException {
        Path log = dataDir.resolve("agent-process.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private static List<String> command(String... args) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("build the agent first: " + JAR + " is missing");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx128m", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return command;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
