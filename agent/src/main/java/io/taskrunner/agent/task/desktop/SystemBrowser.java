package io.taskrunner.agent.task.desktop;

import io.taskrunner.agent.task.HostOs;
import io.taskrunner.agent.task.TaskException;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens URLs with the platform's opener, without a shell: {@code rundll32 url.dll,FileProtocolHandler} on Windows,
 * {@code open} on macOS, {@code xdg-open} on Linux when a desktop session (X11 or Wayland) is present.
 */
public final class SystemBrowser implements DesktopBrowser {
    private static final Logger LOG = LoggerFactory.getLogger(SystemBrowser.class);
    private static final long OPENER_WAIT_SECONDS = 10;

    private final HostOs os;
    private final Map<String, String> environment;
    private final Consumer<List<String>> launcher;

    public SystemBrowser() {
        this(HostOs.current(), System.getenv(), SystemBrowser::launch);
    }

    /** @param launcher starts the opener's argv; tests record it instead */
    SystemBrowser(HostOs os, Map<String, String> environment, Consumer<List<String>> launcher) {
        this.os = Objects.requireNonNull(os, "os");
        this.environment = Map.copyOf(environment);
        this.launcher = Objects.requireNonNull(launcher, "launcher");
    }

    @Override
    public void open(URI uri) {
        launcher.accept(command(uri));
    }

    /**
     * The opener's argv for {@code uri}; the URL is one argument of its own.
     *
     * @throws NoDesktopException when this machine cannot open URLs
     */
    List<String> command(URI uri) {
        String url = uri.toASCIIString();
        return switch (os) {
            case WINDOWS -> List.of("rundll32", "url.dll,FileProtocolHandler", url);
            case MAC -> List.of("open", url);
            case LINUX -> {
                if (isBlank(environment.get("DISPLAY")) && isBlank(environment.get("WAYLAND_DISPLAY"))) {
                    throw new NoDesktopException("no desktop session: DISPLAY and WAYLAND_DISPLAY are not set");
                }
                if (!onPath("xdg-open")) {
                    throw new NoDesktopException("xdg-open is not on the PATH (install xdg-utils)");
                }
                yield List.of("xdg-open", url);
            }
            case OTHER -> throw new NoDesktopException("opening a URL is not supported on "
                    + System.getProperty("os.name", "this operating system"));
        };
    }

    private boolean onPath(String program) {
        String path = environment.getOrDefault("PATH", "");
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isBlank()) {
                continue;
            }
            try {
                Path candidate = Path.of(directory, program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return true;
                }
            } catch (InvalidPathException e) {
                // A malformed PATH entry cannot hold the program; look at the next one.
            }
        }
        return false;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /**
     * Starts the opener and waits briefly for its verdict. An opener still running after that may be the browser
     * itself (some xdg-open setups wait for it), so it is left alone: killing it would close the page just opened.
     */
    private static void launch(List<String> argv) {
        Process process;
        try {
            process = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new TaskException("cannot start " + argv.getFirst() + ": " + e.getMessage(), e);
        }
        try {
            if (!process.waitFor(OPENER_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.info("{} (pid {}) still runs after {} s; leaving it to the desktop", argv.getFirst(),
                        process.pid(), OPENER_WAIT_SECONDS);
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        // rundll32 reports nothing useful in its exit code; open and xdg-open do.
        if (process.exitValue() != 0 && !argv.getFirst().equals("rundll32")) {
            throw new TaskException(argv.getFirst() + " could not open the URL: exit code " + process.exitValue());
        }
    }
}
