package io.taskrunner.console.service.pki;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * PKCS#12 key stores (for the broker's acceptor, which reads files) and in-memory key and trust managers (for
 * MQTT clients). Files are written owner-only and atomically.
 */
public final class KeyStores {
    public static final String TYPE = "PKCS12";
    public static final String KEY_ALIAS = "key";
    public static final String CA_ALIAS = "ca";

    private KeyStores() {
    }

    /** Writes a key store holding {@code key} with its certificate chain (leaf first). */
    public static void writeKeyStore(Path file, PrivateKey key, List<X509Certificate> chain, char[] password) {
        Objects.requireNonNull(key, "key");
        if (chain == null || chain.isEmpty()) {
            throw new IllegalArgumentException("chain must hold at least the key's own certificate");
        }
        KeyStore store = empty();
        try {
            store.setKeyEntry(KEY_ALIAS, key, password, chain.toArray(Certificate[]::new));
        } catch (GeneralSecurityException e) {
            throw new PkiException("Cannot put the key into a key store for " + file, e);
        }
        write(store, file, password);
    }

    /** Writes a trust store holding the given CA certificate. */
    public static void writeTrustStore(Path file, X509Certificate caCertificate, char[] password) {
        write(trustStore(caCertificate), file, password);
    }

    public static KeyStore read(Path file, char[] password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(TYPE);
            store.load(in, password);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new PkiException("Cannot read key store " + file, e);
        }
    }

    /** Key managers presenting {@code credential} with its CA in the chain; for TLS clients and servers. */
    public static KeyManagerFactory keyManagerFactory(IssuedCredential credential) {
        char[] password = new char[0];
        KeyStore store = empty();
        try {
            X509Certificate ca = Pem.readCertificate(credential.caCertificatePem());
            store.setKeyEntry(KEY_ALIAS, credential.privateKey(), password,
                    new Certificate[] {credential.certificate(), ca});
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            return factory;
        } catch (GeneralSecurityException e) {
            throw new PkiException("Cannot build key managers for " + credential, e);
        }
    }

    /** Trust managers that trust exactly the given CA certificate. */
    public static TrustManagerFactory trustManagerFactory(X509Certificate caCertificate) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trustStore(caCertificate));
            return factory;
        } catch (GeneralSecurityException e) {
            throw new PkiException("Cannot build trust managers", e);
        }
    }

    private static KeyStore trustStore(X509Certificate caCertificate) {
        Objects.requireNonNull(caCertificate, "caCertificate");
        KeyStore store = empty();
        try {
            store.setCertificateEntry(CA_ALIAS, caCertificate);
        } catch (GeneralSecurityException e) {
            throw new PkiException("Cannot put the CA certificate into a trust store", e);
        }
        return store;
    }

    private static KeyStore empty() {
        try {
            KeyStore store = KeyStore.getInstance(TYPE);
            store.load(null, null);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new PkiException("Cannot create a " + TYPE + " key store", e);
        }
    }

    private static void write(KeyStore store, Path file, char[] password) {
        Objects.requireNonNull(password, "password");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            store.store(bytes, password);
        } catch (IOException | GeneralSecurityException e) {
            throw new PkiException("Cannot encode key store " + file, e);
        }
        PrivateFiles.writeOwnerOnly(file, bytes.toByteArray());
    }
}
