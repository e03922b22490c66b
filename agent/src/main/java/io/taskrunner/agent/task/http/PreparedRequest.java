package io.taskrunner.agent.task.http;

import io.taskrunner.agent.task.Placeholders;
import io.taskrunner.agent.task.TaskContext;
import io.taskrunner.agent.task.TaskException;
import io.taskrunner.protocol.definition.HttpTask;
import io.taskrunner.protocol.definition.ParameterValues;
import io.taskrunner.protocol.definition.TaskDefinition;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The request of one run with its parameters filled in.
 *
 * @param displayUrl scheme, host, port and path, without user info and query, secret parameter values masked: for
 *                   output and error messages
 */
record PreparedRequest(HttpRequest request, String displayUrl) {

    /**
     * @throws TaskException if the URL is not valid once filled in, a header value would hold a line break, or a
     *                       header cannot be sent (restricted name such as {@code Host})
     */
    static PreparedRequest of(TaskContext context, Duration timeout) {
        HttpTask spec = context.spec(HttpTask.class);
        TaskDefinition task = context.task();
        ParameterValues values = context.parameters();
        URI uri = parse(Placeholders.expand(spec.url(), task, values, Placeholders::percentEncoded));
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout);
        String contentType = null;
        for (Map.Entry<String, String> header : new TreeMap<>(spec.headers()).entrySet()) {
            String name = header.getKey();
            String value = Placeholders.expand(header.getValue(), task, values, v -> withoutLineBreaks(v, name));
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new TaskException("header '" + name + "' must not contain a line break (CR or LF)");
            }
            try {
                builder.header(name, value);
            } catch (IllegalArgumentException e) {
                throw new TaskException("header '" + name + "' cannot be sent: " + e.getMessage(), e);
            }
            if (name.equalsIgnoreCase("Content-Type")) {
                contentType = value;
            }
        }
        boolean json = contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json");
        String body = Placeholders.expand(spec.body(), task, values,
                json ? Placeholders::jsonEscaped : UnaryOperator.identity());
        builder.method(spec.method(), body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return new PreparedRequest(builder.build(), Placeholders.displayUrl(uri, task, values));
    }

    private static String withoutLineBreaks(String value, String header) {
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new TaskException("header '" + header + "': a parameter value contains a line break (CR or LF),"
                    + " which could add headers of its own");
        }
        return value;
    }

    private static URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            // The reason and index only: the URL itself may hold secret parameter values.
            throw new TaskException("url is not a valid URL once its parameters are filled in: " + e.getReason()
                    + " at index " + e.getIndex(), e);
        }
        if (uri.getHost() == null) {
            throw new TaskException("url names no host once its parameters are filled in");
        }
        return uri;
    }
}
