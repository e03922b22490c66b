package io.taskrunner.protocol.definition;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How one parameter of a triggered task gets its value from a device's message.
 *
 * @param parameter the task's parameter
 * @param from      where the value comes from; default {@code json}
 * @param pointer   JSON pointer for {@code json}; default {@code /<parameter>}
 * @param pattern   regular expression for {@code regex}, searched in the payload text
 * @param group     capture group of {@code pattern}; default 1
 * @param level     topic level for {@code topic}, 0-based
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ParameterMapping(
        @JsonProperty(required = true) String parameter,
        MappingSource from,
        String pointer,
        String pattern,
        Integer group,
        Integer level) {

    public ParameterMapping {
        Check.notBlank(parameter, "parameter");
        Check.maxLength(parameter, 64, "parameter");
        from = from == null ? MappingSource.JSON : from;
        Check.maxLength(pointer, 512, "pointer");
        Check.maxLength(pattern, 512, "pattern");
        if (from == MappingSource.JSON) {
            pointer = Definitions.jsonPointer(pointer, parameter);
        }
        if (from == MappingSource.REGEX) {
            Check.notBlank(pattern, "pattern");
            int groups;
            try {
                groups = Pattern.compile(pattern).matcher("").groupCount();
            } catch (PatternSyntaxException e) {
                throw new ProtocolException("pattern", "is not a valid regular expression: " + e.getDescription());
            }
            group = group == null ? 1 : group;
            Check.range(group, 0, groups, "group");
        }
        if (from == MappingSource.TOPIC) {
            Check.required(level, "level");
            Check.range(level, 0, 31, "level");
        }
    }
}
