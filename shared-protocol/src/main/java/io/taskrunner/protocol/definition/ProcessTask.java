package io.taskrunner.protocol.definition;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Starts a program (detached or supervised) or stops/kills programs found by executable name, command-line
 * pattern (a Java regular expression, matched anywhere in the command line) or pid. {@code ${param}} works as
 * in {@link CommandTask}, per argument.
 */
public record ProcessTask(
        @JsonProperty(required = true) ProcessAction action,
        String program,
        List<String> args,
        boolean detached,
        String name,
        String commandLinePattern,
        String pid,
        int graceSeconds) implements TaskSpec {

    public static final int DEFAULT_GRACE_SECONDS = 10;

    public ProcessTask {
        Check.required(action, "action");
        Check.maxLength(program, 4096, "program");
        args = Check.listOf(args, 1024, "args");
        for (int i = 0; i < args.size(); i++) {
            Check.maxLength(args.get(i), 32 * 1024, "args[" + i + "]");
        }
        Check.maxLength(name, 1024, "name");
        Check.maxLength(commandLinePattern, 4096, "commandLinePattern");
        Check.maxLength(pid, 64, "pid");
        if (action == ProcessAction.START) {
            Check.notBlank(program, "program");
        } else if (isBlank(name) && isBlank(commandLinePattern) && isBlank(pid)) {
            throw new ProtocolException("name", "a stop or kill needs name, commandLinePattern or pid");
        }
        if (commandLinePattern != null) {
            try {
                // ${param} is filled in as literal text when the task runs; check the pattern around it
                Pattern.compile(commandLinePattern.replaceAll("\\$\\{[A-Za-z_][A-Za-z0-9_]*}", "x"));
            } catch (PatternSyntaxException e) {
                throw new ProtocolException("commandLinePattern", "is not a valid regular expression: "
                        + e.getDescription());
            }
        }
        graceSeconds = graceSeconds == 0 ? DEFAULT_GRACE_SECONDS : graceSeconds;
        Check.range(graceSeconds, 1, 3600, "graceSeconds");
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    @JsonIgnore
    public TaskType type() {
        return TaskType.PROCESS;
    }
}
