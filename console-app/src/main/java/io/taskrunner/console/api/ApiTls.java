package io.taskrunner.console.api;

import io.taskrunner.console.service.pki.KeyStores;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** The Fleet API's server context from a PKCS#12 key store issued by the console CA. */
public final class ApiTls {
    private ApiTls() {
    }

    /**
     * @param keyStore a key store with the server key and its chain under {@link KeyStores#KEY_ALIAS}
     * @throws IllegalStateException when the store cannot be read or used
     */
    public static SSLContext serverContext(Path keyStore, char[] password) {
        return serverContext(keyStore, password, null);
    }

    /**
     * The same, also trusting client certificates of {@code clientCa} (null: none), which the job file endpoint
     * asks agents for.
     */
    public static SSLContext serverContext(Path keyStore, char[] password, X509Certificate clientCa) {
        try {
            KeyStore store = KeyStores.read(keyStore, password);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), clientCa == null ? null
                    : KeyStores.trustManagerFactory(clientCa).getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("cannot build the Fleet API's TLS context from " + keyStore + ": "
                    + e.getMessage(), e);
        }
    }
}
