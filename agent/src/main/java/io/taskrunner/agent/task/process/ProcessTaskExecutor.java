package io.taskrunner.agent.task.process;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskrunner.agent.executor.OutputStreamKind;
import io.taskrunner.agent.executor.ProcessExecutor;
import io.taskrunner.agent.task.TaskContext;
import io.taskrunner.agent.task.TaskException;
import io.taskrunner.agent.task.TaskExecutor;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.protocol.definition.ProcessAction;
import io.taskrunner.protocol.definition.ProcessTask;
import io.taskrunner.protocol.definition.TaskType;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code process} tasks. Start: supervised it runs like a {@code command} task until the program exits;
 * detached the program outlives the run, its stdin closed and its output appended to a log file in the run's
 * working folder, and the result is {@code {"pid":n,"log":"..."}}. Stop and kill: see {@link ProcessMatcher} for
 * what matches and {@link ProcessStopper} for how they end; nothing matched is a success with {@code matched} 0.
 */
public final class ProcessTaskExecutor implements TaskExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessTaskExecutor.class);

    private final ProcessExecutor processes;
    private final boolean windows;

    public ProcessTaskExecutor(ProcessExecutor processes) {
        this.processes = Objects.requireNonNull(processes, "processes");
        this.windows = System.getProperty("os.name", "").startsWith("Windows");
    }

    @Override
    public Set<TaskType> types() {
        return Set.of(TaskType.PROCESS);
    }

    @Override
    public TaskOutcome execute(TaskContext context) {
        ProcessTask spec = context.spec(ProcessTask.class);
        if (spec.action() == ProcessAction.START) {
            List<String> argv = ProcessRuns.argv(context, spec.program(), spec.args());
            return spec.detached() ? startDetached(context, argv)
                    : ProcessRuns.run(processes, context, argv, context.environment());
        }
        ProcessMatcher matcher;
        try {
            matcher = ProcessMatcher.of(context, spec, windows);
        } catch (TaskException e) {
            return TaskOutcome.failed(e.getMessage());
        }
        context.started(0);
        List<ProcessHandle> matches = matcher.find();
        if (matches.isEmpty()) {
            context.output().onOutput(OutputStreamKind.STDOUT, "no process matched " + matcher.describe() + "\n");
            ObjectNode result = JsonNodeFactory.instance.objectNode().put("matched", 0);
            result.putArray("stopped");
            result.putArray("killed");
            result.putArray("descendants");
            return TaskOutcome.succeeded(result);
        }
        LOG.info("Run {}: {} of {} matching {}", context.runId(), spec.action().wire(), matches.size(),
                matcher.describe());
        ProcessStopper stopper = new ProcessStopper(context, windows);
        return spec.action() == ProcessAction.STOP ? stopper.stop(matches, Duration.ofSeconds(spec.graceSeconds()))
                : stopper.kill(matches);
    }

    private TaskOutcome startDetached(TaskContext context, List<String> argv) {
        if (context.cancel().isCancelled()) {
            return TaskOutcome.cancelled();
        }
        String program = argv.getFirst();
        Path log = context.workDir().resolve(logName(program) + "-" + context.runId() + ".log");
        ProcessBuilder builder = new ProcessBuilder(argv)
                .directory(context.workDir().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File(windows ? "NUL" : "/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(context.environment());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return TaskOutcome.failed("cannot start program '" + program + "' in working directory "
                    + context.workDir() + ": " + e.getMessage());
        }
        context.started(process.pid());
        LOG.info("Run {}: started {} detached as pid {}, output to {}", context.runId(), program, process.pid(), log);
        context.output().onOutput(OutputStreamKind.STDOUT, "started " + program + " detached as pid " + process.pid()
                + "; its output goes to " + log + "\n");
        ObjectNode result = JsonNodeFactory.instance.objectNode().put("pid", process.pid());
        result.put("log", log.toString());
        return TaskOutcome.succeeded(result);
    }

    /** The program's file name reduced to safe characters, for the log file's name. */
    private static String logName(String program) {
        String file = program.substring(Math.max(program.lastIndexOf('/'), program.lastIndexOf('\\')) + 1);
        String safe = file.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.isEmpty() || safe.startsWith(".") ? "process" + safe : safe;
    }
}
