package io.taskrunner.agent.task.process;

import io.taskrunner.agent.executor.ProcessExecutor;
import io.taskrunner.agent.task.TaskContext;
import io.taskrunner.agent.task.TaskExecutor;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.protocol.definition.CommandTask;
import io.taskrunner.protocol.definition.TaskType;
import java.util.Objects;
import java.util.Set;

/**
 * Runs a {@code command} task: the program with its arguments, no shell in between, so a parameter value stays
 * one literal argument whatever characters it holds.
 */
public final class CommandTaskExecutor implements TaskExecutor {

    private final ProcessExecutor processes;

    public CommandTaskExecutor(ProcessExecutor processes) {
        this.processes = Objects.requireNonNull(processes, "processes");
    }

    @Override
    public Set<TaskType> types() {
        return Set.of(TaskType.COMMAND);
    }

    @Override
    public TaskOutcome execute(TaskContext context) {
        CommandTask spec = context.spec(CommandTask.class);
        return ProcessRuns.run(processes, context, ProcessRuns.argv(context, spec.program(), spec.args()),
                context.environment());
    }
}
