package io.taskrunner.agent.task.http;

import io.taskrunner.protocol.definition.HttpTask;
import java.net.http.HttpClient;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One {@link HttpClient} per TLS and redirect configuration, so connections are pooled across runs of tasks that
 * share it. Thread-safe.
 */
final class HttpClients implements AutoCloseable {

    /** {@code caCertificate} is null for the system trust, ignored when {@code insecure}. */
    private record Key(boolean insecure, String caCertificate, boolean followRedirects) {
    }

    private final ConcurrentMap<Key, HttpClient> clients = new ConcurrentHashMap<>();

    /** @throws io.taskrunner.agent.task.TaskException if the task's {@code caCertificate} is not a PEM certificate */
    HttpClient forTask(HttpTask spec) {
        String ca = spec.insecure() || spec.caCertificate() == null || spec.caCertificate().isBlank()
                ? null : spec.caCertificate();
        return clients.computeIfAbsent(new Key(spec.insecure(), ca, spec.followRedirects()), HttpClients::build);
    }

    private static HttpClient build(Key key) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .followRedirects(key.followRedirects() ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER);
        if (key.insecure()) {
            builder.sslContext(TlsTrust.trustingAnyCertificate());
        } else if (key.caCertificate() != null) {
            builder.sslContext(TlsTrust.trustingSystemAnd(key.caCertificate()));
        }
        return builder.build();
    }

    /** Stops every client and aborts requests still in flight. */
    @Override
    public void close() {
        clients.values().forEach(HttpClient::shutdownNow);
        clients.clear();
    }
}
