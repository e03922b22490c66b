package io.taskrunner.agent.engine;

import io.taskrunner.agent.task.TaskException;
import io.taskrunner.protocol.definition.ParameterValues;
import io.taskrunner.protocol.definition.TaskDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where a task works and what environment it gets, the same for queued runs and the command line's exec. */
public record TaskWorkspace(Path workDir, Map<String, String> environment) {

    /**
     * The task's working folder (its {@code workingDir}, relative to the agent's work folder, or a folder named after
     * the task), created; and its {@code env} plus every parameter as {@code PARAM_<name>}.
     *
     * @throws TaskException when the folder cannot be created
     */
    public static TaskWorkspace prepare(TaskDefinition task, ParameterValues values, Path workRoot) {
        Path dir = task.workingDir() == null ? workRoot.resolve(task.name()) : workRoot.resolve(task.workingDir());
        try {
            // createDirectories throws and catches an exception when the folder exists, which it nearly always does
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new TaskException("cannot create the working folder " + dir + ": " + e.getMessage(), e);
        }
        Map<String, String> environment = new LinkedHashMap<>(task.env());
        environment.putAll(values.asEnvironment());
        return new TaskWorkspace(dir, environment);
    }
}
