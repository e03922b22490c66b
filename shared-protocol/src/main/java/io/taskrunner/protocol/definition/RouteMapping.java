package io.taskrunner.protocol.definition;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;

/**
 * How one parameter of a task started through an {@link HttpRoute} gets its value from the request.
 *
 * @param parameter the task's parameter (or the store action's column source)
 * @param from      where the value comes from; default {@code query}
 * @param name      the query parameter, path variable or form field; default the parameter's name
 * @param pointer   JSON pointer for {@code json}; default {@code /<parameter>}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RouteMapping(
        @JsonProperty(required = true) String parameter,
        RouteSource from,
        String name,
        String pointer) {

    public RouteMapping {
        Check.notBlank(parameter, "parameter");
        Check.maxLength(parameter, 64, "parameter");
        from = from == null ? RouteSource.QUERY : from;
        Check.maxLength(name, 128, "name");
        Check.maxLength(pointer, 512, "pointer");
        if (from == RouteSource.JSON) {
            pointer = Definitions.jsonPointer(pointer, parameter);
        } else {
            if (pointer != null) {
                throw new ProtocolException("pointer", "only a json mapping takes a pointer");
            }
            name = name == null ? parameter : Check.notBlank(name, "name");
        }
    }

    public static RouteMapping of(String parameter, RouteSource from) {
        return new RouteMapping(parameter, from, null, null);
    }
}
