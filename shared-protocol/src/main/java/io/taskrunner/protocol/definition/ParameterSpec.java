package io.taskrunner.protocol.definition;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A parameter a task declares. Values are checked against it before anything runs.
 *
 * @param pattern a Java regular expression the whole text must match (string, enum and file parameters)
 * @param min     the lowest value (int, number) or shortest length (string, file)
 * @param max     the highest value (int, number) or longest length (string, file)
 * @param values  the allowed values of an enum parameter
 * @param secret  the value is masked in logs, history and events
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ParameterSpec(
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) ParameterType type,
        String description,
        boolean required,
        @JsonProperty("default") Object defaultValue,
        String pattern,
        Double min,
        Double max,
        List<String> values,
        boolean secret) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    public ParameterSpec {
        Check.required(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new ProtocolException("name", "'" + name + "' must start with a letter or _ and hold only letters,"
                    + " digits and _ (at most 64), so it can name an environment variable and a SQL parameter");
        }
        Check.required(type, "type");
        Check.maxLength(description, 1024, "description");
        Check.maxLength(pattern, 1024, "pattern");
        if (pattern != null) {
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw new ProtocolException("pattern", "is not a valid regular expression: " + e.getDescription());
            }
        }
        if (min != null && max != null && min > max) {
            throw new ProtocolException("min", "must not be above max (" + min + " > " + max + ")");
        }
        values = Check.listOf(values, 1000, "values");
        if (type == ParameterType.ENUM && values.isEmpty()) {
            throw new ProtocolException("values", "an enum parameter needs its allowed values");
        }
        if (defaultValue != null) {
            try {
                // Fields are assigned only when this constructor ends, so check against a copy without the default.
                defaultValue = ParameterValidator.coerce(new ParameterSpec(name, type, null, required, null, pattern,
                        min, max, values, secret), defaultValue);
            } catch (ProtocolException e) {
                throw new ProtocolException("default", e.reason());
            }
        }
    }

    public static ParameterSpec of(String name, ParameterType type, boolean required) {
        return new ParameterSpec(name, type, null, required, null, null, null, null, null, false);
    }
}
