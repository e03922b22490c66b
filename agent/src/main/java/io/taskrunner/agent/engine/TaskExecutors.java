package io.taskrunner.agent.engine;

import io.taskrunner.agent.task.TaskExecutor;
import io.taskrunner.protocol.definition.TaskType;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The executor of each task type. */
public final class TaskExecutors {
    private final Map<TaskType, TaskExecutor> byType = new EnumMap<>(TaskType.class);

    public TaskExecutors(List<TaskExecutor> executors) {
        for (TaskExecutor executor : executors) {
            for (TaskType type : executor.types()) {
                if (byType.putIfAbsent(type, executor) != null) {
                    throw new IllegalArgumentException("two executors for task type " + type.wire());
                }
            }
        }
    }

    public Optional<TaskExecutor> forType(TaskType type) {
        return Optional.ofNullable(byType.get(type));
    }
}
