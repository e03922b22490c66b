package io.taskrunner.agent.task.serial;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A pseudo-terminal pair made by {@code socat}: {@link #device()} is the far end a simulated device talks on,
 * {@link #agent()} the port the agent opens. Stopping it makes both links vanish, as unplugging an adapter does;
 * starting it again brings them back under the same names.
 */
public final class SocatPair implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Path dir;
    private final Path device;
    private final Path agent;
    private Process socat;

    public SocatPair(Path dir) {
        this.dir = dir;
        this.device = dir.resolve("device");
        this.agent = dir.resolve("agent");
    }

    public Path device() {
        return device;
    }

    public Path agent() {
        return agent;
    }

    /** Starts socat and waits until both links exist. */
    public void start() throws IOException {
        socat = new ProcessBuilder("/usr/bin/socat", "-d", "-d", "pty,raw,echo=0,link=" + device,
                "pty,raw,echo=0,link=" + agent)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("socat.log").toFile()))
                .start();
        await().atMost(WAIT).until(() -> Files.exists(device) && Files.exists(agent));
    }

    /** Stops socat and waits until both links are gone. */
    public void stop() throws InterruptedException {
        if (socat == null) {
            return;
        }
        // SIGTERM: socat removes its links on the way out
        socat.destroy();
        if (!socat.waitFor(5, TimeUnit.SECONDS)) {
            socat.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        socat = null;
        await().atMost(WAIT).until(() -> !Files.exists(agent, LinkOption.NOFOLLOW_LINKS)
                && !Files.exists(device, LinkOption.NOFOLLOW_LINKS));
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
