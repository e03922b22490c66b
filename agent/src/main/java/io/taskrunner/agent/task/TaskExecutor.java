package io.taskrunner.agent.task;

import io.taskrunner.protocol.definition.TaskType;
import java.util.Set;

/**
 * Runs one attempt of a task of the types it declares. The engine validated the parameters, resolved the working
 * folder and environment, and calls {@link #execute} on a virtual thread of the task's channel.
 *
 * <p>Contract: call {@link TaskContext#started(long)} once, as soon as the work has begun (the process id, or 0
 * when no process is involved); honour {@link TaskContext#cancel()} and {@link TaskContext#timeout()}; return an
 * outcome for every task-level result, including failures. A {@link TaskException} thrown from here is a failed
 * attempt with its message; any other exception is a bug reported as an agent error.
 */
public interface TaskExecutor {

    Set<TaskType> types();

    TaskOutcome execute(TaskContext context);
}
