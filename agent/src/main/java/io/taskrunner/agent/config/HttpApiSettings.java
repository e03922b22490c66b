package io.taskrunner.agent.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code http} section of {@code agent.json}: the agent's HTTP API and WebSocket, off unless {@code enabled}.
 * Zero (or absent) means the default for every number.
 *
 * @param bind               address to listen on; default {@code 127.0.0.1} (this PC only)
 * @param tls                HTTPS; default on, and required on any address but loopback
 * @param certificate        PEM certificate chain for HTTPS; default the agent's own certificate from enrolment
 *                           ({@code certs/client.cert.pem}); a relative path is inside the data folder
 * @param privateKey         its PKCS#8 PEM key; default {@code certs/client.key.pem}
 * @param maxBodyBytes       largest request body but for uploads; default 1 MiB
 * @param maxUploadBytes     largest multipart upload; default 16 MiB
 * @param maxHeaderBytes     largest header block; default 16 KiB
 * @param requestsPerSecond  per token (or per address without one); default 20
 * @param burst              requests a token may make at once before the rate applies; default 40
 * @param maxWaitSeconds     longest {@code ?wait=} a caller may ask for; default 300
 * @param maxConnections     open connections at once; default 256
 * @param idleTimeoutSeconds a connection that sends nothing for this long is closed (WebSocket: after a ping went
 *                           unanswered); default 60
 * @param wsMaxMessageBytes  largest WebSocket message; default 64 KiB
 * @param statusPage         who sees the read-only page at {@code /}: {@code local} (callers on this PC; default),
 *                           {@code network} (anyone who reaches the port) or {@code off}
 */
public record HttpApiSettings(
        boolean enabled,
        String bind,
        int port,
        Boolean tls,
        String certificate,
        String privateKey,
        int maxBodyBytes,
        int maxUploadBytes,
        int maxHeaderBytes,
        int requestsPerSecond,
        int burst,
        int maxWaitSeconds,
        int maxConnections,
        int idleTimeoutSeconds,
        int wsMaxMessageBytes,
        String statusPage) {

    public static final int DEFAULT_PORT = 60001;
    public static final String DEFAULT_BIND = "127.0.0.1";
    private static final Set<String> STATUS_PAGES = Set.of("local", "network", "off");
    public static final HttpApiSettings DISABLED = new HttpApiSettings(false, null, 0, null, null, null, 0, 0, 0, 0, 0,
            0, 0, 0, 0, null);

    public HttpApiSettings {
        bind = bind == null || bind.isBlank() ? DEFAULT_BIND : bind.strip();
        port = orDefault(port, DEFAULT_PORT, "http.port", 1, 65535);
        tls = tls == null || tls;
        maxBodyBytes = orDefault(maxBodyBytes, 1024 * 1024, "http.maxBodyBytes", 1024, 64 * 1024 * 1024);
        maxUploadBytes = orDefault(maxUploadBytes, 16 * 1024 * 1024, "http.maxUploadBytes", 1024, 64 * 1024 * 1024);
        maxHeaderBytes = orDefault(maxHeaderBytes, 16 * 1024, "http.maxHeaderBytes", 1024, 1024 * 1024);
        requestsPerSecond = orDefault(requestsPerSecond, 20, "http.requestsPerSecond", 1, 100_000);
        burst = orDefault(burst, 40, "http.burst", 1, 1_000_000);
        maxWaitSeconds = orDefault(maxWaitSeconds, 300, "http.maxWaitSeconds", 1, 3600);
        maxConnections = orDefault(maxConnections, 256, "http.maxConnections", 1, 100_000);
        idleTimeoutSeconds = orDefault(idleTimeoutSeconds, 60, "http.idleTimeoutSeconds", 1, 3600);
        wsMaxMessageBytes = orDefault(wsMaxMessageBytes, 64 * 1024, "http.wsMaxMessageBytes", 1024,
                16 * 1024 * 1024);
        statusPage = statusPage == null ? "local" : statusPage.strip().toLowerCase(Locale.ROOT);
        if (!STATUS_PAGES.contains(statusPage)) {
            throw new IllegalArgumentException("http.statusPage must be local, network or off, was '" + statusPage
                    + "'");
        }
        if (enabled && !tls && !isLoopback(bind)) {
            throw new IllegalArgumentException("http.tls may only be off when http.bind is a loopback address (this PC"
                    + " only); " + bind + " is reachable from the network, so tokens would cross it in clear text");
        }
    }

    /** The certificate chain file, resolved against the data folder. */
    public Path certificateFile(AgentPaths paths) {
        return certificate == null ? paths.tlsFiles().clientCertificate() : paths.dataDir().resolve(certificate);
    }

    /** The private key file, resolved against the data folder. */
    public Path privateKeyFile(AgentPaths paths) {
        return privateKey == null ? paths.tlsFiles().clientKey() : paths.dataDir().resolve(privateKey);
    }

    /** A copy on another port (tests take a free one) and address. */
    public HttpApiSettings withAddress(String newBind, int newPort) {
        return new HttpApiSettings(enabled, newBind, newPort, tls, certificate, privateKey, maxBodyBytes,
                maxUploadBytes, maxHeaderBytes, requestsPerSecond, burst, maxWaitSeconds, maxConnections,
                idleTimeoutSeconds, wsMaxMessageBytes, statusPage);
    }

    static boolean isLoopback(String address) {
        if (address.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            // a literal address is parsed without a name lookup
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static int orDefault(int value, int fallback, String field, int min, int max) {
        if (value == 0) {
            return fallback;
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }
}
