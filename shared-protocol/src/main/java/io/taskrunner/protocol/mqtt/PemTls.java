package io.taskrunner.protocol.mqtt;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Builds TLS key and trust managers from PEM files with the JDK alone. */
public final class PemTls {
    private static final Pattern PRIVATE_KEY =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final char[] IN_MEMORY_PASSWORD = "in-memory".toCharArray();

    private PemTls() {
    }

    public static MqttClientSslConfig mqttSslConfig(TlsFiles files) {
        return MqttClientSslConfig.builder()
                .keyManagerFactory(keyManagers(files))
                .trustManagerFactory(trustManagers(files.caCertificate()))
                .protocols(List.of("TLSv1.3", "TLSv1.2"))
                .build();
    }

    public static SSLContext sslContext(TlsFiles files) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(files).getKeyManagers(), trustManagers(files.caCertificate()).getTrustManagers(),
                    null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new TlsConfigurationException("cannot build a TLS context: " + e.getMessage(), e);
        }
    }

    public static KeyManagerFactory keyManagers(TlsFiles files) {
        try {
            List<X509Certificate> chain = readCertificates(files.clientCertificate());
            PrivateKey key = readPrivateKey(files.clientKey());
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", key, IN_MEMORY_PASSWORD, chain.toArray(Certificate[]::new));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, IN_MEMORY_PASSWORD);
            return factory;
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsConfigurationException("cannot use client certificate " + files.clientCertificate()
                    + " with key " + files.clientKey() + ": " + e.getMessage(), e);
        }
    }

    public static TrustManagerFactory trustManagers(Path caCertificate) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int index = 0;
            for (X509Certificate certificate : readCertificates(caCertificate)) {
                store.setCertificateEntry("ca-" + index++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory;
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsConfigurationException("cannot use CA certificate " + caCertificate + ": " + e.getMessage(),
                    e);
        }
    }

    public static List<X509Certificate> readCertificates(Path file) throws IOException, GeneralSecurityException {
        byte[] bytes = readFile(file);
        Collection<? extends Certificate> certificates =
                CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes));
        if (certificates.isEmpty()) {
            throw new TlsConfigurationException("no certificate in " + file, null);
        }
        return certificates.stream().map(X509Certificate.class::cast).toList();
    }

    public static PrivateKey readPrivateKey(Path file) throws IOException, GeneralSecurityException {
        String pem = new String(readFile(file), java.nio.charset.StandardCharsets.US_ASCII);
        Matcher matcher = PRIVATE_KEY.matcher(pem);
        if (!matcher.find()) {
            throw new TlsConfigurationException(file + " holds no PKCS#8 private key (BEGIN PRIVATE KEY); convert it "
                    + "with: openssl pkcs8 -topk8 -nocrypt -in KEY -out " + file.getFileName(), null);
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(matcher.group(1)));
        GeneralSecurityException last = null;
        for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new TlsConfigurationException("unsupported private key type in " + file, last);
    }

    private static byte[] readFile(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            throw new TlsConfigurationException("cannot read " + file + " (missing or not readable)", null);
        }
        return Files.readAllBytes(file);
    }

    /** TLS material that cannot be used; the message names the file. */
    public static final class TlsConfigurationException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public TlsConfigurationException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
