package io.taskrunner.console.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsExchange;
import io.taskrunner.console.service.files.JobFileService;
import io.taskrunner.console.service.pki.CertificateNames;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /files/<sha256>}: the bytes of a stored job file, for agents. The caller shows a client certificate
 * of the console's CA (the one it holds for MQTT; the TLS layer has checked the chain), no token. Any certified
 * client may fetch any stored file: agents learn a file's hash only from a signed command, job files are payloads
 * for the fleet (packages, firmware, scripts) rather than secrets, and a per-execution grant would tie this endpoint
 * to the job tables for little gain.
 */
final class FileEndpoint implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(FileEndpoint.class);

    private final JobFileService files;

    FileEndpoint(JobFileService files) {
        this.files = files;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                problem(exchange, 405, "Method not allowed", "use GET here, not " + method);
                return;
            }
            Optional<String> client = clientName(exchange);
            if (client.isEmpty()) {
                problem(exchange, 401, "Unauthorized", "job files are for agents: connect with the client "
                        + "certificate this console's CA issued");
                return;
            }
            String sha256 = exchange.getRequestURI().getPath().substring(JobFileService.ENDPOINT_PATH.length());
            Optional<Path> content = files.content(sha256);
            if (content.isEmpty()) {
                problem(exchange, 404, "Not found", "no job file has SHA-256 '" + sha256 + "'");
                return;
            }
            long size = Files.size(content.get());
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Content-Length", Long.toString(size));
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            // a zero length would mean "chunked" to the JDK's server; an empty file is sent as no body
            exchange.sendResponseHeaders(200, size == 0 ? -1 : size);
            try (OutputStream out = exchange.getResponseBody()) {
                Files.copy(content.get(), out);
            }
            LOG.info("sent job file {} ({} bytes) to {}", sha256, size, client.get());
        }
    }

    private static Optional<String> clientName(HttpExchange exchange) {
        if (!(exchange instanceof HttpsExchange https)) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = https.getSSLSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate certificate
                    ? CertificateNames.commonName(certificate) : Optional.empty();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    private static void problem(HttpExchange exchange, int status, String title, String detail) throws IOException {
        ObjectNode body = ApiJson.MAPPER.createObjectNode();
        body.put("type", "urn:taskrunner:problem:" + title.toLowerCase(Locale.ROOT).replace(' ', '-'));
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        byte[] bytes = ApiJson.bytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
