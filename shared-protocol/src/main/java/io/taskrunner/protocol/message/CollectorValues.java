package io.taskrunner.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One poll of a collector, for the console's live values view. Sent on the agent's metrics topic: not retained,
 * QoS 0, so a busy fleet sheds values rather than queueing them.
 *
 * @param values  by value name: numbers, booleans, texts, or lists of them; empty when the poll failed
 * @param error   why the poll failed (the device did not answer, a frame did not match); {@code null} when it worked
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CollectorValues(
        @JsonProperty(required = true) String collector,
        Map<String, Object> values,
        String error) implements MessageBody {

    public static final int MAX_VALUES = 200;

    public CollectorValues {
        Check.maxLength(Check.notBlank(collector, "collector"), 256, "collector");
        values = values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(
                Check.maxSize(values, MAX_VALUES, "values")));
        values.forEach((name, value) -> checkValue(value, "values." + name));
        Check.maxLength(error, 4096, "error");
    }

    private static void checkValue(Object value, String field) {
        switch (value) {
            case Number number -> { }
            case Boolean flag -> { }
            case String text -> Check.maxLength(text, 1024, field);
            case List<?> list -> {
                Check.maxSize(list, 2000, field);
                for (int i = 0; i < list.size(); i++) {
                    Object item = list.get(i);
                    if (item instanceof List<?> || item == null) {
                        throw new ProtocolException(field + "[" + i + "]", "must be a number, boolean or text");
                    }
                    checkValue(item, field + "[" + i + "]");
                }
            }
            case null, default -> throw new ProtocolException(field, "must be a number, boolean, text or list");
        }
    }
}
