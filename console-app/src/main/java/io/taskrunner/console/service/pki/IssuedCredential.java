package io.taskrunner.console.service.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A certificate issued by the console CA together with its private key, as objects and as PEM text.
 * {@link #toString()} leaves the key out so that a credential can never end up in a log by accident.
 *
 * @param privateKeyPem unencrypted PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}): store it owner-only
 */
public record IssuedCredential(
        X509Certificate certificate,
        PrivateKey privateKey,
        String certificatePem,
        String privateKeyPem,
        String caCertificatePem) {

    public IssuedCredential {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(certificatePem, "certificatePem");
        Objects.requireNonNull(privateKeyPem, "privateKeyPem");
        Objects.requireNonNull(caCertificatePem, "caCertificatePem");
    }

    /** The subject's common name: the agent id for a client certificate. */
    public String commonName() {
        return CertificateNames.commonName(certificate)
                .orElseThrow(() -> new PkiException("Issued certificate has no single common name"));
    }

    @Override
    public String toString() {
        return "IssuedCredential[subject=" + certificate.getSubjectX500Principal().getName()
                + ", serial=" + certificate.getSerialNumber().toString(16)
                + ", notAfter=" + certificate.getNotAfter().toInstant() + "]";
    }
}
