package io.taskrunner.agent.task.process;

import io.taskrunner.agent.executor.CommandSpec;
import io.taskrunner.agent.executor.ExecutionFailedException;
import io.taskrunner.agent.executor.ExecutionResult;
import io.taskrunner.agent.executor.ProcessExecutor;
import io.taskrunner.agent.task.Placeholders;
import io.taskrunner.agent.task.TaskContext;
import io.taskrunner.agent.task.TaskException;
import io.taskrunner.agent.task.TaskOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/** What the process-backed executors share: an argv from templates, and one supervised run of a program. */
final class ProcessRuns {

    private ProcessRuns() {
    }

    /**
     * The program and its arguments with {@code ${name}} filled in; each element stays exactly one argument.
     *
     * @throws TaskException if a placeholder names no parameter or the program is empty once filled in
     */
    static List<String> argv(TaskContext context, String program, List<String> args) {
        List<String> argv = new ArrayList<>(args.size() + 1);
        String expanded = Placeholders.expand(program, context.task(), context.parameters());
        if (expanded == null || expanded.isBlank()) {
            throw new TaskException("program '" + program + "' is empty once its parameters are filled in");
        }
        argv.add(expanded);
        for (String arg : args) {
            argv.add(Placeholders.expand(arg, context.task(), context.parameters()));
        }
        return argv;
    }

    /** Runs {@code argv} under the context's timeout, output limit and cancellation; reports the pid as started. */
    static TaskOutcome run(ProcessExecutor processes, TaskContext context, List<String> argv,
            Map<String, String> environment) {
        try {
            ExecutionResult result = execute(processes, context, argv, environment, context.timeout(),
                    context.outputLimitBytes(), context::started);
            return TaskOutcome.ofProcess(result, context.timeout(), null);
        } catch (ExecutionFailedException e) {
            return TaskOutcome.failed(e.getMessage());
        }
    }

    /**
     * One run in the context's working folder, its output going to the context's listener.
     *
     * @throws ExecutionFailedException naming the program if it cannot be started
     */
    static ExecutionResult execute(ProcessExecutor processes, TaskContext context, List<String> argv,
            Map<String, String> environment, Duration timeout, long outputLimitBytes, LongConsumer onStarted) {
        CommandSpec spec = new CommandSpec(argv, context.workDir(), environment, timeout, outputLimitBytes);
        return processes.execute(spec, onStarted, context.output(), context.cancel());
    }
}
