package io.taskrunner.protocol.definition.watchdog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A process the agent did not start, found by executable name and/or a command-line pattern. Healthy when the
 * number of matching processes lies within {@code min..max}: present is {@code min 1} (the default), absent is
 * {@code max 0}, a count is both.
 *
 * @param name               the executable's file name ({@code nginx}, {@code notepad.exe}); {@code null}: any
 * @param commandLinePattern a regular expression found anywhere in the command line; {@code null}: any
 * @param min                fewest matching processes that are healthy; default 1 unless {@code max} is 0
 * @param max                most matching processes that are healthy; {@code null}: no limit
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProcessCheck(
        String name,
        String commandLinePattern,
        Integer min,
        Integer max) implements WatchdogCheck {

    public ProcessCheck {
        Check.maxLength(name, 1024, "name");
        Check.maxLength(commandLinePattern, 1024, "commandLinePattern");
        if ((name == null || name.isBlank()) && (commandLinePattern == null || commandLinePattern.isBlank())) {
            throw new ProtocolException("name", "give a name or a commandLinePattern (or both)");
        }
        if (commandLinePattern != null) {
            try {
                Pattern.compile(commandLinePattern);
            } catch (PatternSyntaxException e) {
                throw new ProtocolException("commandLinePattern", "is not a regular expression: "
                        + e.getDescription());
            }
        }
        if (max != null) {
            Check.range(max, 0, 100_000, "max");
        }
        min = min != null ? min : max != null && max == 0 ? 0 : 1;
        Check.range(min, 0, 100_000, "min");
        if (max != null && max < min) {
            throw new ProtocolException("max", "must not be below min (" + min + ")");
        }
    }

    @JsonIgnore
    public Pattern compiledPattern() {
        return commandLinePattern == null || commandLinePattern.isBlank() ? null : Pattern.compile(commandLinePattern);
    }
}
