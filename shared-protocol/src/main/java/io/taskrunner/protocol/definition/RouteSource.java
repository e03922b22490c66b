package io.taskrunner.protocol.definition;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.taskrunner.protocol.ProtocolException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where an HTTP route takes a parameter's value from. */
public enum RouteSource {
    /** A query parameter ({@code ?batch=B-17}). */
    QUERY("query"),
    /** A {@code {var}} segment of the route's path. */
    PATH("path"),
    /** A member of a JSON request body, by JSON pointer. */
    JSON("json"),
    /** A field of a form ({@code application/x-www-form-urlencoded} or {@code multipart/form-data}); a file part
     * of a multipart form is saved under the agent's data folder and the value is the file's path. */
    FORM("form");

    private final String wire;

    RouteSource(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static RouteSource fromWire(String value) {
        for (RouteSource source : values()) {
            if (source.wire.equals(value == null ? null : value.toLowerCase(Locale.ROOT))) {
                return source;
            }
        }
        throw new ProtocolException("from", "'" + value + "' is not a route value source; use one of "
                + Arrays.stream(values()).map(RouteSource::wire).collect(Collectors.joining(", ")));
    }
}
