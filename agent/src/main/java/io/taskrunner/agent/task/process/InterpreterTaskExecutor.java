package io.taskrunner.agent.task.process;

import io.taskrunner.agent.task.Interpreters;
import io.taskrunner.agent.executor.ExecutionFailedException;
import io.taskrunner.agent.executor.ExecutionResult;
import io.taskrunner.agent.executor.ProcessExecutor;
import io.taskrunner.agent.task.TaskContext;
import io.taskrunner.agent.task.TaskException;
import io.taskrunner.agent.task.TaskExecutor;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.protocol.definition.TaskType;
import io.taskrunner.protocol.message.RunState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs {@code powershell}, {@code python} and {@code pascal} tasks: the script body goes to a private temporary
 * file with the language's extension, run by the first interpreter found on the path. Parameters reach the script
 * only as {@code PARAM_<name>} environment variables. Pascal is compiled by {@code instantfpc} into a cache in the
 * agent's data folder ({@code cache/instantfpc}), so an unchanged script compiles once.
 */
public final class InterpreterTaskExecutor implements TaskExecutor {

    /** Stripes of locks so two runs of one Pascal script never compile into the same cache file at once. */
    private static final int COMPILE_LOCKS = 32;

    private final ProcessExecutor processes;
    private final Interpreters interpreters;
    private final Path scriptRoot;
    private final ReentrantLock[] compileLocks = new ReentrantLock[COMPILE_LOCKS];

    /** Finds interpreters on the agent's {@code PATH} and writes scripts to the system's temporary folder. */
    public InterpreterTaskExecutor(ProcessExecutor processes) {
        this(processes, Interpreters.system(), null);
    }

    /**
     * @param scriptRoot where each run's temporary script folder is created; {@code null} means the system's
     *                   temporary folder
     */
    public InterpreterTaskExecutor(ProcessExecutor processes, Interpreters interpreters, Path scriptRoot) {
        this.processes = Objects.requireNonNull(processes, "processes");
        this.interpreters = Objects.requireNonNull(interpreters, "interpreters");
        this.scriptRoot = scriptRoot;
        for (int i = 0; i < COMPILE_LOCKS; i++) {
            compileLocks[i] = new ReentrantLock();
        }
    }

    @Override
    public Set<TaskType> types() {
        return Set.of(TaskType.POWERSHELL, TaskType.PYTHON, TaskType.PASCAL);
    }

    @Override
    public TaskOutcome execute(TaskContext context) {
        long startNanos = System.nanoTime();
        ScriptLanguage language = ScriptLanguage.of(context.task().type());
        String script = ScriptLanguage.script(context.task().spec());
        List<String> candidates = language.candidates(interpreters.windows());
        Optional<Path> interpreter = interpreters.findFirst(candidates);
        if (interpreter.isEmpty()) {
            return TaskOutcome.unsupported(language.missing(candidates));
        }
        Path pascalCache = language == ScriptLanguage.PASCAL ? pascalCache(context) : null;
        Map<String, String> environment = new LinkedHashMap<>(context.environment());
        environment.putAll(language.environment(pascalCache));
        String fileName = language.fileName(context.task().name(), script);
        try (ScriptFile file = ScriptFile.create(scriptRoot, fileName, language.encode(script))) {
            if (language != ScriptLanguage.PASCAL) {
                return ProcessRuns.run(processes, context, language.argv(interpreter.get(), file.path()),
                        environment);
            }
            return compileAndRun(context, language, interpreter.get(), file.path(), environment, startNanos);
        }
    }

    /**
     * Compiles first ({@code --skip-run}) under a lock per script, then runs from the cache; without the lock two
     * concurrent first runs would write the same cached program. A compile error is told apart from the program's
     * own exit code. Both steps share the run's timeout and output limit.
     */
    private TaskOutcome compileAndRun(TaskContext context, ScriptLanguage language, Path interpreter, Path script,
            Map<String, String> environment, long startNanos) {
        ReentrantLock lock = compileLocks[Math.floorMod(script.getFileName().toString().hashCode(), COMPILE_LOCKS)];
        ExecutionResult compiled;
        try {
            if (!lock.tryLock(remaining(context, startNanos).toNanos(), TimeUnit.NANOSECONDS)) {
                return TaskOutcome.timedOut(context.timeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return TaskOutcome.cancelled();
        }
        try {
            Duration left = remaining(context, startNanos);
            if (left.isZero()) {
                return TaskOutcome.timedOut(context.timeout());
            }
            compiled = ProcessRuns.execute(processes, context, language.compileArgv(interpreter, script), environment,
                    left, context.outputLimitBytes(), context::started);
        } catch (ExecutionFailedException e) {
            return TaskOutcome.failed(e.getMessage());
        } finally {
            lock.unlock();
        }
        if (compiled.cancelled() || compiled.timedOut()) {
            return TaskOutcome.ofProcess(compiled, context.timeout(), null);
        }
        if (compiled.exitCode() != 0) {
            return new TaskOutcome(RunState.FAILED, compiled.exitCode(), null, "the Pascal script did not compile"
                    + " (instantfpc exit code " + compiled.exitCode() + "); the compiler's messages are in the output",
                    compiled.outputBytes(), compiled.outputTruncated());
        }
        Duration left = remaining(context, startNanos);
        if (left.isZero()) {
            return TaskOutcome.timedOut(context.timeout());
        }
        long outputLeft = Math.max(0, context.outputLimitBytes() - compiled.outputBytes());
        ExecutionResult ran;
        try {
            ran = ProcessRuns.execute(processes, context, language.argv(interpreter, script), environment, left,
                    outputLeft, pid -> { });
        } catch (ExecutionFailedException e) {
            return TaskOutcome.failed(e.getMessage());
        }
        ExecutionResult both = new ExecutionResult(ran.exitCode(), compiled.duration().plus(ran.duration()),
                ran.timedOut(), ran.cancelled(), compiled.outputTruncated() || ran.outputTruncated(),
                compiled.outputBytes() + ran.outputBytes());
        return TaskOutcome.ofProcess(both, context.timeout(), null);
    }

    private static Duration remaining(TaskContext context, long startNanos) {
        Duration left = context.timeout().minusNanos(System.nanoTime() - startNanos);
        return left.isNegative() || left.isZero() ? Duration.ZERO : left;
    }

    private static Path pascalCache(TaskContext context) {
        Path cache = context.services().dataDir().toAbsolutePath().resolve("cache").resolve("instantfpc");
        try {
            Files.createDirectories(cache);
        } catch (IOException e) {
            throw new TaskException("cannot create the Pascal compile cache " + cache + ": " + e.getMessage(), e);
        }
        return cache;
    }
}
