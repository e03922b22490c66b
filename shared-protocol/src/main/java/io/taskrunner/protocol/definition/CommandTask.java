package io.taskrunner.protocol.definition;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import java.util.List;

/**
 * Runs {@code program} with {@code args}, each a separate argument; {@code ${param}} inside an argument is replaced
 * by the parameter's value within that one argument, never split or passed through a shell.
 */
public record CommandTask(@JsonProperty(required = true) String program, List<String> args) implements TaskSpec {
    public CommandTask {
        Check.maxLength(Check.notBlank(program, "program"), 4096, "program");
        args = Check.listOf(args, 1024, "args");
        for (int i = 0; i < args.size(); i++) {
            Check.maxLength(Check.required(args.get(i), "args[" + i + "]"), 32 * 1024, "args[" + i + "]");
        }
    }

    @Override
    @JsonIgnore
    public TaskType type() {
        return TaskType.COMMAND;
    }
}
