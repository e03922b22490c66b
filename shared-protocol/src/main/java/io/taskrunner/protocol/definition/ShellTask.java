package io.taskrunner.protocol.definition;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import java.util.regex.Pattern;

/**
 * A script body run by {@code sh} (or {@code bash} when asked) on Linux and macOS, {@code cmd} on Windows.
 * Parameters reach the script only as environment variables {@code PARAM_<name>}; the body is never templated.
 */
public record ShellTask(@JsonProperty(required = true) String script, String shell) implements TaskSpec {
    private static final Pattern SHELL = Pattern.compile("[A-Za-z0-9._-]+|/[^\\s]+|[A-Za-z]:\\\\[^\\s]+");

    public ShellTask {
        ScriptBody.check(script);
        Check.maxLength(shell, 256, "shell");
        if (shell != null && !SHELL.matcher(shell).matches()) {
            throw new ProtocolException("shell", "must be a program name such as bash or an absolute path, without "
                    + "options, was '" + shell + "'");
        }
    }

    @Override
    @JsonIgnore
    public TaskType type() {
        return TaskType.SHELL;
    }
}
