package io.taskrunner.agent.task.process;

import io.taskrunner.agent.task.Interpreters;
import io.taskrunner.agent.executor.ProcessExecutor;
import io.taskrunner.agent.task.TaskContext;
import io.taskrunner.agent.task.TaskExecutor;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.protocol.definition.ShellTask;
import io.taskrunner.protocol.definition.TaskType;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a {@code shell} task: the script body goes to a private temporary file run as {@code sh <file>} (or the
 * task's shell) on Linux and macOS and {@code cmd.exe /d /c <file>.cmd} on Windows. Never {@code sh -c <script>}:
 * that hits argument length limits and shows the script in every process listing. The body is not templated;
 * parameters reach it only as {@code PARAM_<name>} environment variables.
 */
public final class ShellTaskExecutor implements TaskExecutor {

    private static final String DEFAULT_SHELL = "sh";
    private static final String CMD = "cmd.exe";

    private final ProcessExecutor processes;
    private final Interpreters interpreters;
    private final Path scriptRoot;

    /** Finds shells on the agent's {@code PATH} and writes scripts to the system's temporary folder. */
    public ShellTaskExecutor(ProcessExecutor processes) {
        this(processes, Interpreters.system(), null);
    }

    /**
     * @param scriptRoot where each run's temporary script folder is created; {@code null} means the system's
     *                   temporary folder
     */
    public ShellTaskExecutor(ProcessExecutor processes, Interpreters interpreters, Path scriptRoot) {
        this.processes = Objects.requireNonNull(processes, "processes");
        this.interpreters = Objects.requireNonNull(interpreters, "interpreters");
        this.scriptRoot = scriptRoot;
    }

    @Override
    public Set<TaskType> types() {
        return Set.of(TaskType.SHELL);
    }

    @Override
    public TaskOutcome execute(TaskContext context) {
        ShellTask spec = context.spec(ShellTask.class);
        String shell = spec.shell() == null || spec.shell().isBlank() ? null : spec.shell().strip();
        boolean cmd = interpreters.windows()
                && (shell == null || shell.equalsIgnoreCase("cmd") || shell.equalsIgnoreCase(CMD));
        String wanted = cmd ? CMD : shell == null ? DEFAULT_SHELL : shell;
        if (!cmd && !Interpreters.isBareName(wanted) && !isAbsolute(wanted)) {
            return TaskOutcome.failed("shell '" + wanted + "' must be a program name such as sh or bash, or an"
                    + " absolute path; options are not supported");
        }
        Optional<Path> program = interpreters.locate(wanted);
        if (program.isEmpty()) {
            return TaskOutcome.unsupported("no shell '" + wanted + "' found"
                    + (Interpreters.isBareName(wanted) ? " on PATH" : ""));
        }
        String script = cmd ? spec.script().replaceAll("\r?\n", "\r\n") : spec.script();
        String fileName = ScriptFile.fileName("task_", context.task().name(), cmd ? ".cmd" : ".sh");
        try (ScriptFile file = ScriptFile.create(scriptRoot, fileName, script.getBytes(StandardCharsets.UTF_8))) {
            String path = file.path().toString();
            List<String> argv = cmd ? List.of(program.get().toString(), "/d", "/c", path)
                    : List.of(program.get().toString(), path);
            return ProcessRuns.run(processes, context, argv, context.environment());
        }
    }

    private static boolean isAbsolute(String shell) {
        try {
            return Path.of(shell).isAbsolute();
        } catch (InvalidPathException e) {
            return false;
        }
    }
}
