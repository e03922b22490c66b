package io.taskrunner.protocol.mqtt;

import java.nio.file.Path;
import java.util.Objects;

/**
 * PEM files of one MQTT client: the CA that signed the broker, the client certificate and its PKCS#8 key. Plain
 * PEM so a broker whose PKI was made with openssl works too.
 */
public record TlsFiles(Path caCertificate, Path clientCertificate, Path clientKey) {
    public TlsFiles {
        Objects.requireNonNull(caCertificate, "caCertificate");
        Objects.requireNonNull(clientCertificate, "clientCertificate");
        Objects.requireNonNull(clientKey, "clientKey");
    }

    /** The conventional names inside a data folder. */
    public static TlsFiles in(Path dir) {
        return new TlsFiles(dir.resolve("ca.cert.pem"), dir.resolve("client.cert.pem"), dir.resolve("client.key.pem"));
    }
}
