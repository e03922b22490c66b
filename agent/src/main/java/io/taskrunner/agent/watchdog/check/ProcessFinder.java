package io.taskrunner.agent.watchdog.check;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds running processes by executable name and/or a command-line pattern (both must hold when both are given).
 * The agent itself never matches. A name with a folder is compared with the full path; on Windows names are
 * compared without case and with or without {@code .exe}.
 */
final class ProcessFinder {
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT)
            .startsWith("windows");

    private final String name;
    private final Pattern commandLine;

    ProcessFinder(String name, Pattern commandLine) {
        this.name = name == null || name.isBlank() ? null : name;
        this.commandLine = commandLine;
    }

    List<ProcessHandle> find() {
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses().filter(process -> process.pid() != self).filter(this::matches).toList();
    }

    boolean matches(ProcessHandle process) {
        ProcessHandle.Info info = process.info();
        if (name != null) {
            Optional<String> command = info.command();
            if (command.isEmpty() || !nameMatches(command.get())) {
                return false;
            }
        }
        if (commandLine != null) {
            Optional<String> line = info.commandLine();
            return line.isPresent() && commandLine.matcher(line.get()).find();
        }
        return true;
    }

    private boolean nameMatches(String command) {
        String candidate = name.contains("/") || name.contains("\\") ? command
                : String.valueOf(Path.of(command).getFileName());
        if (!WINDOWS) {
            return candidate.equals(name);
        }
        String lower = candidate.toLowerCase(Locale.ROOT);
        String wanted = name.toLowerCase(Locale.ROOT);
        return lower.equals(wanted) || lower.equals(wanted + ".exe");
    }
}
