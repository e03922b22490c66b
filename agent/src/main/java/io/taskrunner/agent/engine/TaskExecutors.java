package io.taskrunner.agent.engine;

import io.taskrunner.agent.task.TaskExecutor;
import io.taskrunner.protocol.definition.TaskType;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * The executor of each task type this agent accepts; closing it closes the executors that hold resources (HTTP
 * clients). An agent's settings may narrow the types it accepts (e.g. no {@code power}).
 */
public final class TaskExecutors implements AutoCloseable {
    private final Map<TaskType, TaskExecutor> byType = new EnumMap<>(TaskType.class);
    private final Set<TaskType> allowed;

    public TaskExecutors(List<TaskExecutor> executors) {
        this(executors, EnumSet.allOf(TaskType.class));
    }

    /** @param allowed the task types this agent runs; runs of any other type are refused */
    public TaskExecutors(List<TaskExecutor> executors, Set<TaskType> allowed) {
        this.allowed = allowed.isEmpty() ? EnumSet.noneOf(TaskType.class) : EnumSet.copyOf(allowed);
        for (TaskExecutor executor : executors) {
            for (TaskType type : executor.types()) {
                if (byType.putIfAbsent(type, executor) != null) {
                    throw new IllegalArgumentException("two executors for task type " + type.wire());
                }
            }
        }
    }

    public Optional<TaskExecutor> forType(TaskType type) {
        return allowed.contains(type) ? Optional.ofNullable(byType.get(type)) : Optional.empty();
    }

    /** Why a run of {@code type} is refused here, or empty when this agent runs it. */
    public Optional<String> refusal(TaskType type) {
        if (!allowed.contains(type)) {
            return Optional.of("this agent does not run tasks of type '" + type.wire() + "' (allowedTaskTypes in "
                    + "its settings)");
        }
        return byType.containsKey(type) ? Optional.empty()
                : Optional.of("this agent has no executor for tasks of type '" + type.wire() + "'");
    }

    @Override
    public void close() {
        for (TaskExecutor executor : new java.util.LinkedHashSet<>(byType.values())) {
            if (executor instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LoggerFactory.getLogger(TaskExecutors.class).warn("closing the {} executor failed",
                            executor.types(), e);
                }
            }
        }
    }
}
