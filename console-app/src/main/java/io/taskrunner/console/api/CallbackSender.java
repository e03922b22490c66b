package io.taskrunner.console.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs a final run or job as JSON to the callback URL its caller gave, signed with
 * {@code X-TaskRunner-Signature: sha256=<hex HMAC-SHA256 of the body>} keyed with the SHA-256 of the caller's token.
 * The first attempt and up to {@link #RETRIES} retries, waiting twice as long after each failure (any answer but
 * 2xx, or none within 10 s). Never on a request thread; best effort while the console runs, every failure logged.
 */
final class CallbackSender implements AutoCloseable {
    static final int RETRIES = 3;
    static final String SIGNATURE_HEADER = "X-TaskRunner-Signature";
    static final String EVENT_HEADER = "X-TaskRunner-Event";
    private static final Logger LOG = LoggerFactory.getLogger(CallbackSender.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Duration firstBackoff;
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("fleet-api-callback-", 0).factory());
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).executor(executor).build();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("fleet-api-callback-retry").daemon().factory());

    CallbackSender(Duration firstBackoff) {
        this.firstBackoff = firstBackoff;
    }

    /**
     * The callback URL a caller gave, checked: absolute {@code http} or {@code https} with a host, no fragment, at
     * most 2048 characters; null when none was given.
     *
     * @throws ApiException 422 naming {@code field}
     */
    static URI check(String url, String field) {
        if (url == null) {
            return null;
        }
        if (url.length() > 2048) {
            throw ApiException.unprocessable(field, "is longer than 2048 characters");
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw ApiException.unprocessable(field, "must be an http or https URL, was '" + url + "'");
            }
            if (uri.getHost() == null || uri.getRawFragment() != null) {
                throw ApiException.unprocessable(field, "must name a host and have no #fragment");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw ApiException.unprocessable(field, "is not a valid URL: " + e.getReason());
        }
    }

    /** The signature header's value: {@code sha256=} and the hex HMAC-SHA256 of {@code body} keyed with {@code key}. */
    static String signature(byte[] key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    /** Sends {@code body} (event {@code run-finished} or {@code job-finished}) in the background. */
    void send(URI url, String event, String subject, byte[] body, byte[] key) {
        attempt(url, event, subject, body, signature(key, body), 0);
    }

    private void attempt(URI url, String event, String subject, byte[] body, String signature, int retry) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
                .header("Content-Type", "application/json").header("User-Agent", "taskrunner-console")
                .header(EVENT_HEADER, event).header(SIGNATURE_HEADER, signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            if (failure == null && response.statusCode() / 100 == 2) {
                LOG.debug("callback {} of {} delivered to {}", event, subject, hostOf(url));
                return;
            }
            String why = failure != null ? failure.toString() : "HTTP " + response.statusCode();
            if (retry >= RETRIES) {
                LOG.warn("callback {} of {} to {} failed {} times, giving up: {}", event, subject, hostOf(url),
                        retry + 1, why);
                return;
            }
            long delay = firstBackoff.toMillis() << retry;
            LOG.info("callback {} of {} to {} failed ({}); retrying in {} ms", event, subject, hostOf(url), why,
                    delay);
            try {
                retries.schedule(() -> attempt(url, event, subject, body, signature, retry + 1), delay,
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopped) {
                LOG.warn("callback {} of {} dropped: the console is stopping", event, subject);
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
        client.shutdownNow();
        executor.shutdownNow();
    }
}
