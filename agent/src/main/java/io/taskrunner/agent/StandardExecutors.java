package io.taskrunner.agent;

import io.taskrunner.agent.engine.TaskExecutors;
import java.util.List;

/** The executor of every task type this agent runs. */
final class StandardExecutors {
    private StandardExecutors() {
    }

    static TaskExecutors create() {
        return new TaskExecutors(List.of());
    }
}
