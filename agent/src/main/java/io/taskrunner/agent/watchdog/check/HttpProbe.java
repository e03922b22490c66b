package io.taskrunner.agent.watchdog.check;

import io.taskrunner.protocol.definition.watchdog.HttpCheck;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;

/** A GET with the JDK's client: status, then latency, then the body pattern (in the body's first 1 MiB). */
final class HttpProbe implements Probe {
    static final int MAX_BODY_BYTES = 1024 * 1024;

    private final HttpCheck check;
    private final HttpClient client;
    private final Pattern body;

    HttpProbe(HttpCheck check, HttpClient client) {
        this.check = check;
        this.client = client;
        this.body = check.compiledBodyPattern();
    }

    @Override
    public CheckResult run() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(check.url()))
                .timeout(Duration.ofMillis(check.timeoutMillis())).GET().build();
        long start = System.nanoTime();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            return CheckResult.failed("watchdog.check.http.timeout", check.url(), check.timeoutMillis());
        } catch (IOException e) {
            return CheckResult.failed("watchdog.check.http.unreachable", check.url(), String.valueOf(e.getMessage()));
        }
        String text;
        try (InputStream in = response.body()) {
            text = body == null ? "" : new String(in.readNBytes(MAX_BODY_BYTES), StandardCharsets.UTF_8);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (!check.accepts(response.statusCode())) {
            return CheckResult.failed("watchdog.check.http.status", check.url(), response.statusCode());
        }
        if (check.maxLatencyMillis() > 0 && millis > check.maxLatencyMillis()) {
            return CheckResult.failed("watchdog.check.http.slow", check.url(), millis, check.maxLatencyMillis());
        }
        if (body != null && !body.matcher(text).find()) {
            return CheckResult.failed("watchdog.check.http.body", check.url(), check.bodyPattern());
        }
        return CheckResult.ok();
    }
}
