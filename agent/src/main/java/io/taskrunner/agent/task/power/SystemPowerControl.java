package io.taskrunner.agent.task.power;

import io.taskrunner.agent.task.HostOs;
import io.taskrunner.agent.executor.CancellationToken;
import io.taskrunner.agent.executor.CommandSpec;
import io.taskrunner.agent.executor.ExecutionFailedException;
import io.taskrunner.agent.executor.ExecutionResult;
import io.taskrunner.agent.executor.ProcessExecutor;
import io.taskrunner.agent.task.TaskException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Power actions through the OS's own commands, run without a shell; a message is always one argv element of its
 * own. Linux and macOS: {@code shutdown -r|-h now|+minutes} (minutes rounded up); Windows: {@code shutdown /r|/s /t
 * seconds /c message}, {@code /l}, {@code /a}.
 */
public final class SystemPowerControl implements PowerControl {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final long OUTPUT_LIMIT = 16 * 1024;
    private static final String MAC_LOGOUT = "tell application \"loginwindow\" to \u00abevent aevtrlgo\u00bb";

    private final HostOs os;
    private final String user;
    private final Consumer<List<String>> runner;

    /** For the OS the agent runs on; Linux logoff ends the sessions of the user the agent runs as. */
    public SystemPowerControl() {
        this(HostOs.current(), System.getProperty("user.name", ""), SystemPowerControl::run);
    }

    /** @param runner runs one argv and throws {@link TaskException} when it fails; tests record it instead */
    SystemPowerControl(HostOs os, String user, Consumer<List<String>> runner) {
        this.os = Objects.requireNonNull(os, "os");
        this.user = Objects.requireNonNull(user, "user");
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    @Override
    public void restart(Duration delay, String message) {
        runner.accept(restartCommand(delay, message));
    }

    @Override
    public void shutdown(Duration delay, String message) {
        runner.accept(shutdownCommand(delay, message));
    }

    @Override
    public void logoff() {
        runner.accept(logoffCommand());
    }

    @Override
    public void cancelPending() {
        runner.accept(cancelCommand());
    }

    List<String> restartCommand(Duration delay, String message) {
        return timed(os == HostOs.WINDOWS ? "/r" : "-r", delay, message);
    }

    List<String> shutdownCommand(Duration delay, String message) {
        return timed(os == HostOs.WINDOWS ? "/s" : "-h", delay, message);
    }

    List<String> logoffCommand() {
        return switch (os) {
            case WINDOWS -> List.of("shutdown", "/l");
            case MAC -> List.of("osascript", "-e", MAC_LOGOUT);
            case LINUX -> {
                if (user.isBlank() || user.equals("root")) {
                    throw new PowerUnsupportedException("logoff ends the sessions of the user the agent runs as, and"
                            + " that is " + (user.isBlank() ? "unknown" : "root")
                            + "; run the agent as the desktop user");
                }
                yield List.of("loginctl", "terminate-user", user);
            }
            case OTHER -> throw unsupported();
        };
    }

    List<String> cancelCommand() {
        return switch (os) {
            case WINDOWS -> List.of("shutdown", "/a");
            case LINUX -> List.of("shutdown", "-c");
            // macOS's shutdown has no cancel option: the pending shutdown is a waiting shutdown process.
            case MAC -> List.of("killall", "shutdown");
            case OTHER -> throw unsupported();
        };
    }

    private List<String> timed(String flag, Duration delay, String message) {
        long seconds = Math.max(0, delay.toSeconds());
        boolean hasMessage = message != null && !message.isBlank();
        List<String> argv = new ArrayList<>(List.of("shutdown", flag));
        switch (os) {
            case WINDOWS -> {
                argv.addAll(List.of("/t", Long.toString(seconds)));
                if (hasMessage) {
                    // Windows rebuilds one command line from argv; a double quote inside would end the argument.
                    argv.addAll(List.of("/c", message.replace('"', '\'')));
                }
            }
            case LINUX, MAC -> {
                argv.add(seconds == 0 ? "now" : "+" + ((seconds + 59) / 60));
                if (hasMessage) {
                    // "--" keeps a message starting with "-" from being read as an option.
                    argv.addAll(List.of("--", message));
                }
            }
            case OTHER -> throw unsupported();
        }
        return List.copyOf(argv);
    }

    private static PowerUnsupportedException unsupported() {
        return new PowerUnsupportedException("power actions are not supported on "
                + System.getProperty("os.name", "this operating system"));
    }

    private static void run(List<String> argv) {
        StringBuilder output = new StringBuilder();
        ExecutionResult result;
        try {
            result = new ProcessExecutor().execute(new CommandSpec(argv, null, Map.of(), COMMAND_TIMEOUT,
                    OUTPUT_LIMIT), (stream, text) -> output.append(text), new CancellationToken());
        } catch (ExecutionFailedException e) {
            throw new TaskException("cannot run " + argv.getFirst() + ": " + e.getMessage(), e);
        }
        if (!result.succeeded()) {
            throw new TaskException(String.join(" ", argv.subList(0, Math.min(2, argv.size()))) + " failed"
                    + (result.timedOut() ? " to finish within " + COMMAND_TIMEOUT.toSeconds() + " s"
                    : " with exit code " + result.exitCode())
                    + (output.isEmpty() ? "" : ": " + output.toString().strip()));
        }
    }
}
