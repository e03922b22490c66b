package io.taskrunner.protocol.definition;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An HTTP(S) request. {@code ${param}} in the URL is percent-encoded, in a header value checked for line breaks,
 * and in the body JSON-escaped when the content type is JSON. The run succeeds when the status is one of
 * {@code expectStatus} (default: any 2xx); the response (status, headers, body up to {@code maxResponseBytes})
 * is the run's result.
 *
 * @param insecure       accept any server certificate (for test benches only; logged as a warning)
 * @param caCertificate  a PEM certificate to trust in addition to the system's, e.g. a PLC gateway's own CA
 */
public record HttpTask(
        String method,
        @JsonProperty(required = true) String url,
        Map<String, String> headers,
        String body,
        List<Integer> expectStatus,
        boolean insecure,
        String caCertificate,
        boolean followRedirects,
        long maxResponseBytes) implements TaskSpec {

    public static final long DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    public HttpTask {
        method = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new ProtocolException("method", "must be one of " + METHODS + ", was '" + method + "'");
        }
        Check.maxLength(Check.notBlank(url, "url"), 8192, "url");
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            throw new ProtocolException("url", "must start with http:// or https://");
        }
        headers = Check.mapOf(headers, 100, "headers");
        Check.maxLength(body, 1024 * 1024, "body");
        expectStatus = Check.listOf(expectStatus, 50, "expectStatus");
        for (int i = 0; i < expectStatus.size(); i++) {
            Check.range(Check.required(expectStatus.get(i), "expectStatus[" + i + "]"), 100, 599,
                    "expectStatus[" + i + "]");
        }
        Check.maxLength(caCertificate, 64 * 1024, "caCertificate");
        maxResponseBytes = maxResponseBytes == 0 ? DEFAULT_MAX_RESPONSE_BYTES : maxResponseBytes;
        Check.range(maxResponseBytes, 1, 64L * 1024 * 1024, "maxResponseBytes");
    }

    /** Whether {@code status} counts as success for this task. */
    public boolean accepts(int status) {
        return expectStatus.isEmpty() ? status >= 200 && status < 300 : expectStatus.contains(status);
    }

    @Override
    @JsonIgnore
    public TaskType type() {
        return TaskType.HTTP;
    }
}
