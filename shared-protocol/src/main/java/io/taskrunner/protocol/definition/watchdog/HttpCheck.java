package io.taskrunner.protocol.definition.watchdog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An HTTP(S) GET answers as expected, in time.
 *
 * @param url              http or https
 * @param status           the status codes that are healthy; empty: any 2xx or 3xx
 * @param bodyPattern      a regular expression the body must contain (searched in its first 1 MiB); {@code null}: any
 * @param maxLatencyMillis an answer slower than this is a failure; 0: no limit besides the timeout
 * @param timeoutMillis    how long to wait for the answer; 0: 10000
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record HttpCheck(
        @JsonProperty(required = true) String url,
        List<Integer> status,
        String bodyPattern,
        int maxLatencyMillis,
        int timeoutMillis) implements WatchdogCheck {

    public HttpCheck {
        Check.maxLength(Check.notBlank(url, "url"), 2048, "url");
        try {
            URI uri = URI.create(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new ProtocolException("url", "'" + url + "' is not an http(s) URL with a host");
            }
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("url", "'" + url + "' is not a URL: " + e.getMessage());
        }
        status = Check.listOf(status, 32, "status");
        for (int i = 0; i < status.size(); i++) {
            Check.range(status.get(i), 100, 599, "status[" + i + "]");
        }
        Check.maxLength(bodyPattern, 1024, "bodyPattern");
        if (bodyPattern != null) {
            try {
                Pattern.compile(bodyPattern);
            } catch (PatternSyntaxException e) {
                throw new ProtocolException("bodyPattern", "is not a regular expression: " + e.getDescription());
            }
        }
        timeoutMillis = timeoutMillis == 0 ? 10_000 : timeoutMillis;
        Check.range(timeoutMillis, 1, 300_000, "timeoutMillis");
        Check.range(maxLatencyMillis, 0, 300_000, "maxLatencyMillis");
    }

    /** Whether {@code code} counts as healthy. */
    public boolean accepts(int code) {
        return status.isEmpty() ? code >= 200 && code < 400 : status.contains(code);
    }

    @JsonIgnore
    public Pattern compiledBodyPattern() {
        return bodyPattern == null ? null : Pattern.compile(bodyPattern);
    }
}
