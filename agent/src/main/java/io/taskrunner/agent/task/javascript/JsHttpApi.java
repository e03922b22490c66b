package io.taskrunner.agent.task.javascript;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskrunner.agent.task.TaskException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code http.get(url, options)}, {@code http.post(url, body, options)} and
 * {@code http.request({method, url, headers, body, timeoutMs})}, each returning
 * {@code {status, headers, body, json}}. Blocking; a stop of the run aborts the exchange, and no call outlasts the
 * run's deadline.
 */
final class JsHttpApi {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private final JsBridge bridge;
    private final HttpClient client;

    private JsHttpApi(JsBridge bridge, HttpClient client) {
        this.bridge = bridge;
        this.client = client;
    }

    static JsNamespace create(JsBridge bridge, HttpClient client) {
        JsHttpApi api = new JsHttpApi(bridge, client);
        return new JsNamespace("http", bridge, Map.of(
                "get", new JsFunction("http.get", bridge, arguments -> api.send("GET",
                        JsArgs.text(arguments, 0, "http.get: url"), null,
                        JsArgs.options(bridge, arguments, 1, "http.get: options"))),
                "post", new JsFunction("http.post", bridge, arguments -> api.send("POST",
                        JsArgs.text(arguments, 0, "http.post: url"), bridge.fromJs(JsArgs.at(arguments, 1)),
                        JsArgs.options(bridge, arguments, 2, "http.post: options"))),
                "request", new JsFunction("http.request", bridge, arguments -> {
                    JsonNode spec = JsArgs.options(bridge, arguments, 0, "http.request: request");
                    if (!spec.path("url").isTextual()) {
                        throw new TaskException("http.request: url must be a string");
                    }
                    String method = spec.path("method").asText("GET").toUpperCase(Locale.ROOT);
                    return api.send(method, spec.get("url").textValue(), spec.get("body"), spec);
                })), null);
    }

    private Object send(String method, String url, JsonNode body, JsonNode options) {
        bridge.guard().check();
        String what = "http: " + method + " " + url;
        HttpRequest request = request(method, url, body, options, what);
        Duration timeout = request.timeout().orElse(DEFAULT_TIMEOUT);
        CompletableFuture<HttpResponse<InputStream>> exchange =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<InputStream> response;
        try (JsGuard.Registration _ = bridge.guard().onStop(() -> exchange.cancel(true))) {
            response = exchange.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (CancellationException e) {
            bridge.guard().check();
            throw new TaskException(what + " was cancelled");
        } catch (TimeoutException e) {
            exchange.cancel(true);
            bridge.guard().check();
            throw new TaskException(what + " timed out after " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            bridge.guard().stop(JsGuard.Stop.CANCELLED);
            throw new TaskException(what + " was interrupted");
        } catch (ExecutionException e) {
            bridge.guard().check();
            if (e.getCause() instanceof HttpTimeoutException) {
                throw new TaskException(what + " timed out after " + timeout.toMillis() + " ms");
            }
            throw new TaskException(what + " failed: " + e.getCause(), e.getCause());
        }
        return bridge.toJs(result(response, readBody(response, what)));
    }

    private HttpRequest request(String method, String url, JsonNode body, JsonNode options, String what) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new TaskException(what + ": not a valid URL: " + e.getReason());
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
            throw new TaskException(what + ": only http and https URLs are allowed");
        }
        Duration timeout = options.has("timeoutMs")
                ? Duration.ofMillis(Math.max(1, JsArgs.millis(options.get("timeoutMs"), "http: timeoutMs")))
                : DEFAULT_TIMEOUT;
        Duration remaining = bridge.guard().remaining();
        if (remaining.isZero()) {
            bridge.guard().check();
            remaining = Duration.ofMillis(1);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(timeout.compareTo(remaining) < 0 ? timeout : remaining);
        boolean hasContentType = false;
        for (Map.Entry<String, JsonNode> header : options.path("headers").properties()) {
            hasContentType |= header.getKey().equalsIgnoreCase("Content-Type");
            builder.header(header.getKey(), header.getValue().isTextual()
                    ? header.getValue().textValue() : header.getValue().toString());
        }
        HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.noBody();
        if (body != null && body.isTextual()) {
            publisher = HttpRequest.BodyPublishers.ofString(body.textValue(), StandardCharsets.UTF_8);
        } else if (body != null && !body.isNull() && !body.isMissingNode()) {
            publisher = HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8);
            if (!hasContentType) {
                builder.header("Content-Type", "application/json");
            }
        }
        try {
            return builder.method(method, publisher).build();
        } catch (IllegalArgumentException e) {
            throw new TaskException(what + ": " + e.getMessage());
        }
    }

    private byte[] readBody(HttpResponse<InputStream> response, String what) {
        try (InputStream in = response.body();
                JsGuard.Registration _ = bridge.guard().onStop(() -> closeQuietly(in))) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new TaskException(what + ": the response body is larger than " + MAX_BODY_BYTES + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            bridge.guard().check();
            throw new TaskException(what + ": reading the response failed: " + e.getMessage(), e);
        }
    }

    private ObjectNode result(HttpResponse<InputStream> response, byte[] body) {
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        String text = new String(body, charset(contentType));
        ObjectNode result = bridge.json().createObjectNode();
        result.put("status", response.statusCode());
        ObjectNode headers = result.putObject("headers");
        response.headers().map().forEach((name, values) -> {
            if (!name.startsWith(":")) {
                headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", values));
            }
        });
        result.put("body", text);
        result.set("json", parsedJson(contentType, text));
        return result;
    }

    private JsonNode parsedJson(String contentType, String text) {
        String type = contentType.toLowerCase(Locale.ROOT);
        if (!type.contains("json") || text.isBlank()) {
            return null;
        }
        try {
            return bridge.json().readTree(text);
        } catch (JsonProcessingException e) {
            return null;  // said JSON, was not: the body is still there
        }
    }

    private static Charset charset(String contentType) {
        for (String parameter : List.of(contentType.split(";"))) {
            String[] pair = parameter.trim().split("=", 2);
            if (pair.length == 2 && pair[0].trim().equalsIgnoreCase("charset")) {
                try {
                    return Charset.forName(pair[1].trim().replace("\"", ""));
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // Closing only unblocks a read that the stop ends anyway.
        }
    }
}
