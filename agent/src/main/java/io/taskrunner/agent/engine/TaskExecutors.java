package io.taskrunner.agent.engine;

import io.taskrunner.agent.task.TaskExecutor;
import io.taskrunner.protocol.definition.TaskType;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/** The executor of each task type; closing it closes the executors that hold resources (HTTP clients). */
public final class TaskExecutors implements AutoCloseable {
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
