package io.taskrunner.agent.task.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskrunner.agent.executor.OutputStreamKind;
import io.taskrunner.agent.task.TaskContext;
import io.taskrunner.agent.task.TaskExecutor;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.protocol.definition.HttpTask;
import io.taskrunner.protocol.definition.TaskType;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code http} tasks with {@link HttpClient}: sends the request with the attempt's remaining time as its
 * deadline, reads at most {@code maxResponseBytes} of the response and returns status, headers and body as the
 * run's result. Clients are cached per TLS configuration. Thread-safe.
 */
public final class HttpTaskExecutor implements TaskExecutor, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpTaskExecutor.class);

    private final HttpClients clients = new HttpClients();

    public HttpTaskExecutor() {
        // Clients are built on first use, one per TLS configuration.
    }

    @Override
    public Set<TaskType> types() {
        return Set.of(TaskType.HTTP);
    }

    @Override
    public TaskOutcome execute(TaskContext context) {
        long deadline = System.nanoTime() + context.timeout().toNanos();
        HttpTask spec = context.spec(HttpTask.class);
        PreparedRequest prepared = PreparedRequest.of(context, context.timeout());
        HttpClient client = clients.forTask(spec);
        if (spec.insecure()) {
            LOG.warn("HTTP task '{}' accepts any server certificate of {} (insecure: true); meant for test benches"
                    + " only", context.task().name(), prepared.displayUrl());
        }
        if (context.cancel().isCancelled()) {
            return TaskOutcome.cancelled();
        }
        context.started(0);
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<CappedBody>> response = client.sendAsync(prepared.request(),
                CappedBodySubscriber.handler(Math.toIntExact(spec.maxResponseBytes())));
        context.cancel().onCancel(() -> response.cancel(true));
        try {
            return handle(context, spec, prepared, response.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS),
                    start);
        } catch (TimeoutException e) {
            response.cancel(true);
            return TaskOutcome.timedOut(context.timeout());
        } catch (CancellationException e) {
            return TaskOutcome.cancelled();
        } catch (InterruptedException e) {
            response.cancel(true);
            Thread.currentThread().interrupt();
            return TaskOutcome.cancelled();
        } catch (ExecutionException e) {
            return context.cancel().isCancelled() ? TaskOutcome.cancelled()
                    : failure(e.getCause(), prepared.displayUrl(), context.timeout());
        }
    }

    /** Stops the cached clients; requests still in flight are aborted. */
    @Override
    public void close() {
        clients.close();
    }

    private static TaskOutcome handle(TaskContext context, HttpTask spec, PreparedRequest prepared,
            HttpResponse<CappedBody> response, long start) {
        int status = response.statusCode();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        context.output().onOutput(OutputStreamKind.STDOUT,
                spec.method() + " " + prepared.displayUrl() + " → " + status + " in " + millis + " ms\n");
        ObjectNode result = ResponseJson.of(status, response.headers(), response.body());
        if (!spec.accepts(status)) {
            return TaskOutcome.failed("HTTP " + status + ", expected "
                    + (spec.expectStatus().isEmpty() ? "2xx" : spec.expectStatus().toString()), result);
        }
        return TaskOutcome.succeeded(result);
    }

    private static TaskOutcome failure(Throwable cause, String url, Duration timeout) {
        if (cause instanceof HttpTimeoutException) {
            return TaskOutcome.timedOut(timeout);
        }
        if (find(cause, CertificateException.class) != null) {
            return TaskOutcome.failed("the server certificate of " + url + " is not trusted ("
                    + innermost(cause).getMessage() + "); trust its CA with caCertificate");
        }
        if (find(cause, SSLException.class) != null) {
            return TaskOutcome.failed("TLS handshake with " + url + " failed: " + describe(cause));
        }
        if (find(cause, UnresolvedAddressException.class) != null || find(cause, UnknownHostException.class) != null) {
            return TaskOutcome.failed("cannot connect to " + url + ": unknown host");
        }
        ConnectException refused = find(cause, ConnectException.class);
        if (refused != null) {
            return TaskOutcome.failed("cannot connect to " + url + ": "
                    + (refused.getMessage() == null ? "connection refused" : refused.getMessage()));
        }
        if (cause instanceof IOException) {
            return TaskOutcome.failed("request to " + url + " failed: " + describe(cause));
        }
        return TaskOutcome.failed("request to " + url + " failed: " + cause);
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static Throwable innermost(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return failure.getClass().getSimpleName();
    }
}
