package io.taskrunner.agent.api.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskrunner.protocol.ProtocolException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs a run's final state as JSON to the {@code callbackUrl} its caller gave: up to {@link #ATTEMPTS} attempts,
 * waiting twice as long after each failure (any answer but 2xx, or no answer within 10 s). Best effort while the
 * agent runs: a callback still pending when it stops is dropped, and every failure is logged.
 */
public final class CallbackSender implements AutoCloseable {
    static final int ATTEMPTS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(CallbackSender.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ObjectMapper json;
    private final Duration firstBackoff;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("callback-", 0).factory())).build();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("callback-retry").daemon().factory());

    public CallbackSender(ObjectMapper json, Duration firstBackoff) {
        this.json = json;
        this.firstBackoff = firstBackoff;
    }

    /**
     * The URL a caller gave, checked: absolute {@code http} or {@code https} with a host, at most 2048 characters.
     *
     * @throws ProtocolException naming {@code callbackUrl}
     */
    public static URI check(String url) {
        if (url == null) {
            return null;
        }
        if (url.length() > 2048) {
            throw new ProtocolException("callbackUrl", "is longer than 2048 characters");
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new ProtocolException("callbackUrl", "must be an http or https URL, was '" + url + "'");
            }
            if (uri.getHost() == null || uri.getRawFragment() != null) {
                throw new ProtocolException("callbackUrl", "must name a host and have no #fragment");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ProtocolException("callbackUrl", "is not a valid URL: " + e.getReason());
        }
    }

    public void send(URI url, RunView run) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(run);
        } catch (JsonProcessingException e) {
            LOG.error("cannot encode the callback of run {}", run.runId(), e);
            return;
        }
        attempt(url, run, body, 1);
    }

    private void attempt(URI url, RunView run, byte[] body, int attempt) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT).header("Content-Type", "application/json")
                .header("User-Agent", "taskrunner-agent").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            if (failure == null && response.statusCode() / 100 == 2) {
                LOG.debug("callback of run {} delivered to {}", run.runId(), url.getHost());
                return;
            }
            String why = failure != null ? failure.toString() : "HTTP " + response.statusCode();
            if (attempt >= ATTEMPTS) {
                LOG.warn("callback of run {} to {} failed {} times, giving up: {}", run.runId(), hostOf(url),
                        attempt, why);
                return;
            }
            long delay = firstBackoff.toMillis() << (attempt - 1);
            LOG.info("callback of run {} to {} failed ({}); attempt {} in {} ms", run.runId(), hostOf(url), why,
                    attempt + 1, delay);
            try {
                retries.schedule(() -> attempt(url, run, body, attempt + 1), delay, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                LOG.warn("callback of run {} dropped: the agent is stopping", run.runId());
            }
        });
    }

    /** Only scheme, host and port go to the log: a callback URL may carry a secret in its path or query. */
    private static String hostOf(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }

    @Override
    public void close() {
        retries.shutdownNow();
        client.close();
    }
}
