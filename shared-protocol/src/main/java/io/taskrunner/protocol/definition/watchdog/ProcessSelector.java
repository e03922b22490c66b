package io.taskrunner.protocol.definition.watchdog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.Definitions;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which processes a CPU or memory check measures: by executable name and/or a command-line pattern, or the program
 * another watchdog rule supervises.
 *
 * @param name               the executable's file name; {@code null}: any
 * @param commandLinePattern a regular expression found anywhere in the command line; {@code null}: any
 * @param rule               the name of a {@code program} rule: its supervised program (and its children)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProcessSelector(String name, String commandLinePattern, String rule) {

    public ProcessSelector {
        Check.maxLength(name, 1024, "process.name");
        Check.maxLength(commandLinePattern, 1024, "process.commandLinePattern");
        if (rule != null) {
            Definitions.checkName(rule, "process.rule");
        }
        if (isBlank(name) && isBlank(commandLinePattern) && rule == null) {
            throw new ProtocolException("process", "give a name, a commandLinePattern or a rule");
        }
        if (!isBlank(commandLinePattern)) {
            try {
                Pattern.compile(commandLinePattern);
            } catch (PatternSyntaxException e) {
                throw new ProtocolException("process.commandLinePattern", "is not a regular expression: "
                        + e.getDescription());
            }
        }
    }

    @JsonIgnore
    public Pattern compiledPattern() {
        return isBlank(commandLinePattern) ? null : Pattern.compile(commandLinePattern);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
