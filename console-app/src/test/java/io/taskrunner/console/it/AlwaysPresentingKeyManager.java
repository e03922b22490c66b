package io.taskrunner.console.it;

import java.net.Socket;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A client key manager that presents its one certificate whatever issuers the server asks for. The JDK's own would
 * send none when the server names other CAs, so a test of "a certificate from another CA" would only test "no
 * certificate"; an attacker's client sends it anyway.
 */
final class AlwaysPresentingKeyManager extends X509ExtendedKeyManager {
    private final X509ExtendedKeyManager delegate;
    private final String alias;

    private AlwaysPresentingKeyManager(X509ExtendedKeyManager delegate, String alias) {
        this.delegate = delegate;
        this.alias = alias;
    }

    /** A factory whose one key manager presents the single key entry of {@code original}. */
    static KeyManagerFactory factory(KeyManagerFactory original) {
        X509ExtendedKeyManager delegate = (X509ExtendedKeyManager) original.getKeyManagers()[0];
        String[] aliases = delegate.getClientAliases("EC", null);
        if (aliases == null || aliases.length != 1) {
            throw new IllegalArgumentException("expected exactly one EC client key entry");
        }
        KeyManager[] managers = {new AlwaysPresentingKeyManager(delegate, aliases[0])};
        return new KeyManagerFactory(new KeyManagerFactorySpi() {
            @Override
            protected void engineInit(KeyStore keyStore, char[] password) {
            }

            @Override
            protected void engineInit(ManagerFactoryParameters parameters) {
            }

            @Override
            protected KeyManager[] engineGetKeyManagers() {
                return managers.clone();
            }
        }, original.getProvider(), original.getAlgorithm()) {
        };
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return alias;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return alias;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return new String[] {alias};
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String requested) {
        return delegate.getCertificateChain(requested);
    }

    @Override
    public PrivateKey getPrivateKey(String requested) {
        return delegate.getPrivateKey(requested);
    }
}
