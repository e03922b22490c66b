package io.taskrunner.console.service.pki;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded broker's TLS material in one folder: a PKCS#12 key store with its server certificate (CN
 * {@value #COMMON_NAME}) and the CA in the chain, a PKCS#12 trust store with the console CA (so only clients holding
 * a certificate of this CA get in), and the random password of both in an owner-only file. The password is never in
 * code, the repository or a log. {@link #toString()} leaves it out.
 */
public final class BrokerCredentials {
    public static final String COMMON_NAME = "taskrunner-broker";
    public static final String KEY_STORE_FILE = "broker-keystore.p12";
    public static final String TRUST_STORE_FILE = "broker-truststore.p12";
    public static final String PASSWORD_FILE = "broker-keystore.password";

    private static final Logger LOG = LoggerFactory.getLogger(BrokerCredentials.class);
    private static final Duration VALIDITY = Duration.ofDays(825);
    /** A certificate this close to expiry is replaced at the next start rather than left to break connections. */
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final int SAN_DNS_NAME = 2;
    private static final int SAN_IP_ADDRESS = 7;

    private final Path keyStorePath;
    private final Path trustStorePath;
    private final String password;

    private BrokerCredentials(Path keyStorePath, Path trustStorePath, String password) {
        this.keyStorePath = keyStorePath;
        this.trustStorePath = trustStorePath;
        this.password = password;
    }

    /**
     * Loads the broker's stores from {@code dir}, or (re)creates them when they are missing, unreadable, not issued by
     * {@code ca}, near expiry, or do not name every requested host. The certificate always names localhost,
     * 127.0.0.1, ::1 and this machine's host name besides {@code dnsNames} and {@code ipAddresses} (IP literals).
     */
    public static BrokerCredentials loadOrCreate(Path dir, CertificateAuthority ca, List<String> dnsNames,
            List<String> ipAddresses) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(ca, "ca");
        Set<String> allDnsNames = dnsNamesWithDefaults(Objects.requireNonNull(dnsNames, "dnsNames"));
        Set<InetAddress> allIpAddresses = ipAddressesWithDefaults(Objects.requireNonNull(ipAddresses, "ipAddresses"));
        Path keyStore = dir.resolve(KEY_STORE_FILE);
        Path trustStore = dir.resolve(TRUST_STORE_FILE);
        String password = loadOrCreatePassword(dir.resolve(PASSWORD_FILE));

        if (isCurrent(keyStore, trustStore, password, ca, allDnsNames, allIpAddresses)) {
            LOG.debug("Using the broker certificate in {}", keyStore);
        } else {
            IssuedCredential server = ca.issueServerCertificate(COMMON_NAME, List.copyOf(allDnsNames),
                    allIpAddresses.stream().map(InetAddress::getHostAddress).toList(), VALIDITY);
            KeyStores.writeKeyStore(keyStore, server.privateKey(), List.of(server.certificate(), ca.certificate()),
                    password.toCharArray());
            KeyStores.writeTrustStore(trustStore, ca.certificate(), password.toCharArray());
            LOG.info("Wrote broker key store {} and trust store {}", keyStore, trustStore);
        }
        return new BrokerCredentials(keyStore, trustStore, password);
    }

    public Path keyStorePath() {
        return keyStorePath;
    }

    public Path trustStorePath() {
        return trustStorePath;
    }

    /** The password of both stores. Do not log it. */
    public String password() {
        return password;
    }

    @Override
    public String toString() {
        return "BrokerCredentials[keyStore=" + keyStorePath + ", trustStore=" + trustStorePath + "]";
    }

    private static String loadOrCreatePassword(Path file) {
        if (Files.exists(file)) {
            String stored = PrivateFiles.readString(file).strip();
            if (!stored.isEmpty()) {
                return stored;
            }
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        PrivateFiles.writeOwnerOnly(file, password);
        return password;
    }

    private static boolean isCurrent(Path keyStoreFile, Path trustStoreFile, String password, CertificateAuthority ca,
            Set<String> dnsNames, Set<InetAddress> ipAddresses) {
        if (!Files.exists(keyStoreFile) || !Files.exists(trustStoreFile)) {
            return false;
        }
        try {
            KeyStore keyStore = KeyStores.read(keyStoreFile, password.toCharArray());
            KeyStore trustStore = KeyStores.read(trustStoreFile, password.toCharArray());
            if (!(keyStore.getCertificate(KeyStores.KEY_ALIAS) instanceof X509Certificate server)
                    || !ca.certificate().equals(trustStore.getCertificate(KeyStores.CA_ALIAS))) {
                return false;
            }
            return ca.hasIssued(server)
                    && server.getNotAfter().toInstant().isAfter(ca.clock().instant().plus(RENEW_BEFORE))
                    && namesHosts(server, dnsNames, ipAddresses);
        } catch (PkiException | KeyStoreException | CertificateParsingException e) {
            LOG.warn("Replacing the broker key stores in {}: {}", keyStoreFile.getParent(), e.getMessage());
            return false;
        }
    }

    private static boolean namesHosts(X509Certificate server, Set<String> dnsNames, Set<InetAddress> ipAddresses)
            throws CertificateParsingException {
        Set<String> presentDnsNames = new LinkedHashSet<>();
        Set<InetAddress> presentIpAddresses = new LinkedHashSet<>();
        Collection<List<?>> alternativeNames = server.getSubjectAlternativeNames();
        for (List<?> name : alternativeNames == null ? List.<List<?>>of() : alternativeNames) {
            if (name.get(0) instanceof Integer type && name.get(1) instanceof String value) {
                if (type == SAN_DNS_NAME) {
                    presentDnsNames.add(value.toLowerCase(Locale.ROOT));
                } else if (type == SAN_IP_ADDRESS) {
                    presentIpAddresses.add(InetAddress.ofLiteral(value));
                }
            }
        }
        return presentDnsNames.containsAll(dnsNames) && presentIpAddresses.containsAll(ipAddresses);
    }

    private static Set<String> dnsNamesWithDefaults(List<String> requested) {
        Set<String> names = new LinkedHashSet<>();
        names.add("localhost");
        localHostName().ifPresent(names::add);
        for (String name : requested) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("dnsNames must not contain blank entries");
            }
            names.add(name.strip().toLowerCase(Locale.ROOT));
        }
        return names;
    }

    private static Set<InetAddress> ipAddressesWithDefaults(List<String> requested) {
        List<String> literals = new ArrayList<>(List.of("127.0.0.1", "::1"));
        literals.addAll(requested);
        Set<InetAddress> addresses = new LinkedHashSet<>();
        for (String literal : literals) {
            try {
                // ofLiteral never asks DNS, and normalises ::1 and 0:0:0:0:0:0:0:1 to the same address
                addresses.add(InetAddress.ofLiteral(Objects.requireNonNull(literal, "ipAddresses entry").strip()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ipAddresses contains an invalid IP address: " + literal, e);
            }
        }
        return addresses;
    }

    private static Optional<String> localHostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
            return isIpLiteral(name) || name.isBlank() ? Optional.empty() : Optional.of(name);
        } catch (UnknownHostException e) {
            LOG.debug("This machine's host name is unknown; the broker certificate names localhost only", e);
            return Optional.empty();
        }
    }

    private static boolean isIpLiteral(String name) {
        try {
            InetAddress.ofLiteral(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
