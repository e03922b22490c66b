package io.taskrunner.protocol.definition;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;

/**
 * A script body run by {@code sh} (or {@code bash} when asked) on Linux and macOS, {@code cmd} on Windows.
 * Parameters reach the script only as environment variables {@code PARAM_<name>}; the body is never templated.
 */
public record ShellTask(@JsonProperty(required = true) String script, String shell) implements TaskSpec {
    public ShellTask {
        ScriptBody.check(script);
        Check.maxLength(shell, 256, "shell");
    }

    @Override
    @JsonIgnore
    public TaskType type() {
        return TaskType.SHELL;
    }
}
