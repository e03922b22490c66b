package io.taskrunner.console.service.pki;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's own certificate authority: an EC P-256 key and a self-signed CA certificate kept as PEM files in
 * one folder ({@value #KEY_FILE} owner-only, {@value #CERTIFICATE_FILE}). It issues the broker's server
 * certificate and the agents' client certificates (CN = agent id). Thread-safe.
 */
public final class CertificateAuthority {
    public static final String KEY_FILE = "ca.key.pem";
    public static final String CERTIFICATE_FILE = "ca.cert.pem";

    private static final Logger LOG = LoggerFactory.getLogger(CertificateAuthority.class);
    private static final Duration AUTHORITY_VALIDITY = Duration.ofDays(3653);
    /** Certificates start a little in the past so that a peer whose clock is slightly behind accepts them. */
    private static final Duration CLOCK_SKEW_ALLOWANCE = Duration.ofMinutes(5);

    private final PrivateKey key;
    private final X509Certificate certificate;
    private final String certificatePem;
    private final Clock clock;

    private CertificateAuthority(PrivateKey key, X509Certificate certificate, Clock clock) {
        this.key = key;
        this.certificate = certificate;
        this.certificatePem = Pem.certificate(certificate);
        this.clock = clock;
    }

    public static CertificateAuthority loadOrCreate(Path dir, String name) {
        return loadOrCreate(dir, name, Clock.systemUTC());
    }

    /**
     * Loads the CA from {@code dir}, or creates it there when neither file exists yet.
     *
     * @param name the CA's common name; used only when the CA is created
     * @throws PkiException when only one of the two files exists, a file cannot be read or written, or the key does
     *                      not belong to the certificate: the CA is never silently replaced
     */
    public static CertificateAuthority loadOrCreate(Path dir, String name, Clock clock) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(clock, "clock");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        Path keyFile = dir.resolve(KEY_FILE);
        Path certificateFile = dir.resolve(CERTIFICATE_FILE);
        boolean keyExists = Files.exists(keyFile);
        boolean certificateExists = Files.exists(certificateFile);
        if (keyExists && certificateExists) {
            return load(keyFile, certificateFile, clock);
        }
        if (keyExists || certificateExists) {
            throw new PkiException("Incomplete CA in " + dir + ": " + KEY_FILE + " and " + CERTIFICATE_FILE
                    + " must both exist or both be absent");
        }
        return create(keyFile, certificateFile, name, clock);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public String certificatePem() {
        return certificatePem;
    }

    /** The time source this CA issues by; credentials that renew themselves use it too. */
    Clock clock() {
        return clock;
    }

    /** True when {@code issued} carries this CA's signature. */
    boolean hasIssued(X509Certificate issued) {
        try {
            issued.verify(certificate.getPublicKey());
            return issued.getIssuerX500Principal().equals(certificate.getSubjectX500Principal());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * Issues a TLS server certificate (EKU serverAuth) for the given host names and IP addresses.
     *
     * @param validity capped at the CA's own expiry
     */
    public IssuedCredential issueServerCertificate(String commonName, List<String> dnsNames, List<String> ipAddresses,
            Duration validity) {
        requireCommonName(commonName);
        Objects.requireNonNull(dnsNames, "dnsNames");
        Objects.requireNonNull(ipAddresses, "ipAddresses");
        if (dnsNames.isEmpty() && ipAddresses.isEmpty()) {
            throw new IllegalArgumentException("dnsNames and ipAddresses must not both be empty");
        }
        List<GeneralName> names = new ArrayList<>();
        for (String dnsName : dnsNames) {
            if (dnsName == null || dnsName.isBlank()) {
                throw new IllegalArgumentException("dnsNames must not contain blank entries");
            }
            names.add(new GeneralName(GeneralName.dNSName, dnsName));
        }
        for (String ipAddress : ipAddresses) {
            names.add(ipAddressName(ipAddress));
        }
        return issue(commonName, validity, KeyPurposeId.id_kp_serverAuth,
                new GeneralNames(names.toArray(GeneralName[]::new)));
    }

    /** Issues a TLS client certificate (EKU clientAuth) whose CN is {@code commonName}, the agent or client id. */
    public IssuedCredential issueClientCertificate(String commonName, Duration validity) {
        requireCommonName(commonName);
        return issue(commonName, validity, KeyPurposeId.id_kp_clientAuth, null);
    }

    /**
     * Signs a CRL listing {@code revoked}, valid from now for {@code validity}: whoever reads it (an external broker's
     * {@code crlfile}) must get a fresh one before then, because most refuse every client once the CRL is stale.
     */
    public X509CRL revocationList(Collection<RevokedCertificate> revoked, Duration validity) {
        Objects.requireNonNull(revoked, "revoked");
        Objects.requireNonNull(validity, "validity");
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive");
        }
        Instant now = clock.instant();
        return CertificateSigner.revocationList(key, certificate, revoked, now, now.plus(validity));
    }

    private IssuedCredential issue(String commonName, Duration validity, KeyPurposeId purpose,
            GeneralNames alternativeNames) {
        Objects.requireNonNull(validity, "validity");
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive");
        }
        Instant now = clock.instant();
        Instant authorityExpiry = certificate.getNotAfter().toInstant();
        if (!now.isBefore(authorityExpiry)) {
            throw new PkiException("The console CA expired at " + authorityExpiry);
        }
        Instant notAfter = now.plus(validity).isAfter(authorityExpiry) ? authorityExpiry : now.plus(validity);
        KeyPair keys = CertificateSigner.newKeyPair();
        X509Certificate issued = CertificateSigner.endEntity(key, certificate,
                CertificateSigner.commonNameOnly(commonName), keys.getPublic(), now.minus(CLOCK_SKEW_ALLOWANCE),
                notAfter, purpose, alternativeNames);
        LOG.info("Issued {} certificate for CN={} serial {} valid until {}",
                purpose == KeyPurposeId.id_kp_serverAuth ? "server" : "client", commonName,
                issued.getSerialNumber().toString(16), notAfter);
        return new IssuedCredential(issued, keys.getPrivate(), Pem.certificate(issued), Pem.privateKey(keys.getPrivate()),
                certificatePem);
    }

    private static CertificateAuthority create(Path keyFile, Path certificateFile, String name, Clock clock) {
        Instant now = clock.instant();
        KeyPair keys = CertificateSigner.newKeyPair();
        X509Certificate certificate = CertificateSigner.selfSignedAuthority(keys, CertificateSigner.commonNameOnly(name),
                now.minus(CLOCK_SKEW_ALLOWANCE), now.plus(AUTHORITY_VALIDITY));
        // key first: a crash in between leaves "key without certificate", which load refuses loudly
        Pem.writeOwnerOnly(keyFile, Pem.privateKey(keys.getPrivate()));
        Pem.writeOwnerOnly(certificateFile, Pem.certificate(certificate));
        LOG.info("Created certificate authority CN={} in {}", name, keyFile.getParent());
        return new CertificateAuthority(keys.getPrivate(), certificate, clock);
    }

    private static CertificateAuthority load(Path keyFile, Path certificateFile, Clock clock) {
        PrivateKey key = Pem.readPrivateKey(PrivateFiles.readString(keyFile));
        X509Certificate certificate = Pem.readCertificate(PrivateFiles.readString(certificateFile));
        if (!belongTogether(key, certificate)) {
            throw new PkiException(keyFile + " does not hold the key of the certificate in " + certificateFile);
        }
        if (certificate.getBasicConstraints() < 0) {
            throw new PkiException(certificateFile + " is not a CA certificate");
        }
        if (PrivateFiles.isReadableByOthers(keyFile)) {
            LOG.warn("{} can be read by other users; restrict it to its owner (chmod 600)", keyFile);
        }
        LOG.debug("Loaded certificate authority {} from {}", certificate.getSubjectX500Principal().getName(),
                keyFile.getParent());
        return new CertificateAuthority(key, certificate, clock);
    }

    /** EC private keys do not expose their public key, so prove the pair by signing and verifying a challenge. */
    private static boolean belongTogether(PrivateKey key, X509Certificate certificate) {
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static GeneralName ipAddressName(String ipAddress) {
        if (ipAddress == null || ipAddress.isBlank()) {
            throw new IllegalArgumentException("ipAddresses must not contain blank entries");
        }
        try {
            return new GeneralName(GeneralName.iPAddress, ipAddress);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ipAddresses contains an invalid IP address: " + ipAddress, e);
        }
    }

    private static void requireCommonName(String commonName) {
        if (commonName == null || commonName.isBlank()) {
            throw new IllegalArgumentException("commonName must not be blank");
        }
    }
}
