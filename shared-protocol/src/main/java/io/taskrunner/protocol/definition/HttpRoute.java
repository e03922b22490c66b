package io.taskrunner.protocol.definition;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An HTTP endpoint of the operator's choosing on the agent ({@code GET /api/custom/scale/{line}}) that runs a task
 * or stores a row, for a device that only speaks REST. Request values reach the task only as its declared
 * parameters; the task's result is the response body.
 *
 * @param method      GET, POST, PUT, PATCH or DELETE
 * @param path        under {@code /api/custom/}; segments are literals (letters, digits, {@code . _ ~ -}) or
 *                    {@code {var}} variables
 * @param task        the task to run; exactly one of {@code task} and {@code store}
 * @param parameters  how each parameter is taken from the request; with none, the query parameters, path
 *                    variables and a JSON object or form body are passed on as the parameters themselves
 * @param store       writes a row instead of running a task
 * @param isPublic    {@code public}: callable without a token; by default a caller needs a token allowed to run
 *                    the task (or, for a store route, scope {@code store:<name>})
 * @param waitSeconds how long the request waits for the run's end before it answers 202 with the run; default 30
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record HttpRoute(
        @JsonProperty(required = true) String name,
        String description,
        @JsonProperty(required = true) String method,
        @JsonProperty(required = true) String path,
        String task,
        List<RouteMapping> parameters,
        StoreAction store,
        @JsonProperty("public") boolean isPublic,
        int waitSeconds,
        Boolean enabled) {

    public static final String PREFIX = "/api/custom/";
    public static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    public static final int DEFAULT_WAIT_SECONDS = 30;
    public static final int MAX_WAIT_SECONDS = 600;
    private static final int MAX_SEGMENTS = 16;
    private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9._~-]{1,64}");
    private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]{0,63})}");

    public HttpRoute {
        Definitions.checkName(name, "name");
        Check.maxLength(description, 1024, "description");
        method = Check.notBlank(method, "method").toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new ProtocolException("method", "'" + method + "' is not one of GET, POST, PUT, PATCH, DELETE");
        }
        List<String> variables = variablesOf(path);
        Definitions.checkTaskOrStore(task, store);
        parameters = Check.listOf(parameters, 256, "parameters");
        Set<String> mapped = new HashSet<>();
        for (int i = 0; i < parameters.size(); i++) {
            RouteMapping mapping = parameters.get(i);
            String field = "parameters[" + i + "]";
            if (!mapped.add(mapping.parameter())) {
                throw new ProtocolException(field + ".parameter", "'" + mapping.parameter() + "' is mapped twice");
            }
            if (mapping.from() == RouteSource.PATH && !variables.contains(mapping.name())) {
                throw new ProtocolException(field + ".name", "the path has no variable {" + mapping.name() + "}; it has "
                        + (variables.isEmpty() ? "none" : variables));
            }
            if ((mapping.from() == RouteSource.JSON || mapping.from() == RouteSource.FORM)
                    && (method.equals("GET") || method.equals("DELETE"))) {
                throw new ProtocolException(field + ".from", "a " + method + " request has no body to take "
                        + mapping.from().wire() + " values from");
            }
        }
        if (store != null) {
            if (parameters.isEmpty()) {
                throw new ProtocolException("parameters", "a store route maps each value it stores");
            }
            store.columns().forEach((column, parameter) -> {
                if (!mapped.contains(parameter)) {
                    throw new ProtocolException("store.columns." + column, "names '" + parameter
                            + "', which no parameter mapping of this route fills");
                }
            });
        }
        waitSeconds = waitSeconds == 0 ? DEFAULT_WAIT_SECONDS : waitSeconds;
        Check.range(waitSeconds, 1, MAX_WAIT_SECONDS, "waitSeconds");
    }

    @JsonIgnore
    public boolean isEnabled() {
        return enabled == null || enabled;
    }

    /** The {@code {var}} names of the path, in order. */
    @JsonIgnore
    public List<String> variables() {
        return variablesOf(path);
    }

    /** How many segments are literal text; a request that two routes match goes to the one with more. */
    @JsonIgnore
    public int literalSegments() {
        return (int) segments(path).stream().filter(segment -> !segment.startsWith("{")).count();
    }

    /**
     * The variables when {@code requestSegments} (the request path split at {@code /} and percent-decoded, without
     * the leading empty segment) match this route's path; {@code null} when they do not.
     */
    public Map<String, String> match(List<String> requestSegments) {
        List<String> own = new ArrayList<>(List.of(PREFIX.substring(1, PREFIX.length() - 1).split("/")));
        own.addAll(segments(path));
        if (own.size() != requestSegments.size()) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < own.size(); i++) {
            String segment = own.get(i);
            String given = requestSegments.get(i);
            if (segment.startsWith("{")) {
                if (given.isEmpty()) {
                    return null;
                }
                values.put(segment.substring(1, segment.length() - 1), given);
            } else if (!segment.equals(given)) {
                return null;
            }
        }
        return values;
    }

    private static List<String> segments(String path) {
        return List.of(path.substring(PREFIX.length()).split("/", -1));
    }

    private static List<String> variablesOf(String path) {
        Check.notBlank(path, "path");
        Check.maxLength(path, 512, "path");
        if (!path.startsWith(PREFIX) || path.length() == PREFIX.length()) {
            throw new ProtocolException("path", "'" + path + "' must lie under " + PREFIX + ", e.g. "
                    + PREFIX + "scale");
        }
        List<String> segments = segments(path);
        if (segments.size() > MAX_SEGMENTS) {
            throw new ProtocolException("path", "has more than " + MAX_SEGMENTS + " segments below " + PREFIX);
        }
        List<String> variables = new ArrayList<>();
        for (String segment : segments) {
            var variable = VARIABLE.matcher(segment);
            if (variable.matches()) {
                if (variables.contains(variable.group(1))) {
                    throw new ProtocolException("path", "names the variable {" + variable.group(1) + "} twice");
                }
                variables.add(variable.group(1));
            } else if (segment.isEmpty()) {
                throw new ProtocolException("path", "'" + path + "' has an empty segment (// or a trailing /)");
            } else if (segment.equals(".") || segment.equals("..") || !LITERAL.matcher(segment).matches()) {
                throw new ProtocolException("path", "segment '" + segment + "' must be {variable} or letters, digits"
                        + " and . _ ~ - (not . or ..)");
            }
        }
        return variables;
    }
}
