package io.taskrunner.agent.task.process;

import io.taskrunner.agent.task.Placeholders;
import io.taskrunner.agent.task.TaskContext;
import io.taskrunner.agent.task.TaskException;
import io.taskrunner.protocol.definition.ProcessTask;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * Which running processes a stop or kill targets. Every criterion given must hold (name and pattern and pid); the
 * agent's own process and its ancestors never match, so a task cannot stop the agent or the service manager.
 *
 * @param name        the executable's file name ({@code sleep}, {@code notepad.exe}) or, with a folder, its full
 *                    path; on Windows case-insensitive and with or without {@code .exe}; {@code null} for any
 * @param commandLine found anywhere in the command line; {@code null} for any
 * @param pid         the process id; {@code null} for any
 */
record ProcessMatcher(String name, Pattern commandLine, Long pid, boolean windows) {

    private static final String EXE = ".exe";

    /**
     * The criteria of {@code spec} with {@code ${name}} filled in. A value placed in the pattern is matched
     * literally: a parameter {@code .*} must not turn a stop into a stop of everything. A criterion that is empty
     * once filled in is left out.
     *
     * @throws TaskException if the pid is not a number, or no criterion is left
     */
    static ProcessMatcher of(TaskContext context, ProcessTask spec, boolean windows) {
        return of(context, spec.name(), spec.commandLinePattern(), spec.pid(), windows);
    }

    /** Like {@link #of(TaskContext, ProcessTask, boolean)}, from the three templates. */
    static ProcessMatcher of(TaskContext context, String nameTemplate, String patternTemplate, String pidTemplate,
            boolean windows) {
        String name = blankToNull(Placeholders.expand(nameTemplate, context.task(), context.parameters()));
        // Checked for emptiness before quoting: a quoted empty value is not blank, yet matches everything.
        String pattern = blankToNull(Placeholders.expand(patternTemplate, context.task(), context.parameters()))
                == null ? null : Placeholders.expand(patternTemplate, context.task(), context.parameters(),
                Pattern::quote);
        String pidText = blankToNull(Placeholders.expand(pidTemplate, context.task(), context.parameters()));
        Long pid = null;
        if (pidText != null) {
            try {
                pid = Long.parseLong(pidText.strip());
            } catch (NumberFormatException e) {
                throw new TaskException("pid '" + pidText + "' is not a process id");
            }
            if (pid <= 0) {
                throw new TaskException("pid '" + pidText + "' is not a process id");
            }
        }
        Pattern compiled = null;
        if (pattern != null) {
            try {
                compiled = Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw new TaskException("commandLinePattern '" + pattern + "' is not a valid regular expression: "
                        + e.getDescription());
            }
        }
        if (name == null && compiled == null && pid == null) {
            throw new TaskException("nothing to match: name, commandLinePattern and pid are all empty once their"
                    + " parameters are filled in");
        }
        return new ProcessMatcher(name, compiled, pid, windows);
    }

    /** The matching processes alive now, except the agent and its ancestors. */
    List<ProcessHandle> find() {
        Set<Long> protectedPids = new HashSet<>();
        for (Optional<ProcessHandle> p = Optional.of(ProcessHandle.current()); p.isPresent();
                p = p.get().parent()) {
            if (!protectedPids.add(p.get().pid())) {
                break;
            }
        }
        try (Stream<ProcessHandle> candidates = pid != null ? ProcessHandle.of(pid).stream()
                : ProcessHandle.allProcesses()) {
            return candidates.filter(p -> !protectedPids.contains(p.pid()))
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> matches(p.info().command(), p.info().commandLine()))
                    .toList();
        }
    }

    /** Whether a process with this executable and command line matches (the pid is checked by {@link #find}). */
    boolean matches(Optional<String> command, Optional<String> line) {
        if (name != null && (command.isEmpty() || !nameMatches(command.get()))) {
            return false;
        }
        return commandLine == null || line.isPresent() && commandLine.matcher(line.get()).find();
    }

    /** What was looked for, for the output: {@code name 'sleep' and pid 42}. */
    String describe() {
        List<String> parts = new ArrayList<>();
        if (name != null) {
            parts.add("name '" + name + "'");
        }
        if (commandLine != null) {
            parts.add("command line matching '" + commandLine.pattern() + "'");
        }
        if (pid != null) {
            parts.add("pid " + pid);
        }
        return String.join(" and ", parts);
    }

    private boolean nameMatches(String command) {
        boolean withFolder = name.indexOf('/') >= 0 || windows && name.indexOf('\\') >= 0;
        String actual = withFolder ? command : fileName(command);
        if (!windows) {
            return actual.equals(name);
        }
        return stripExe(actual).equalsIgnoreCase(stripExe(name));
    }

    private String fileName(String command) {
        int slash = Math.max(command.lastIndexOf('/'), windows ? command.lastIndexOf('\\') : -1);
        return command.substring(slash + 1);
    }

    private static String stripExe(String file) {
        return file.toLowerCase(Locale.ROOT).endsWith(EXE) ? file.substring(0, file.length() - EXE.length()) : file;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
