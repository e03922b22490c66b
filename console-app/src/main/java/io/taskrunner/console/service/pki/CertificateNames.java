package io.taskrunner.console.service.pki;

import java.security.cert.X509Certificate;
import java.util.Optional;

import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/** Reads names out of certificates. */
public final class CertificateNames {
    private CertificateNames() {
    }

    /**
     * The subject's common name as its raw (unescaped) value, or empty when the subject has no CN, more than one, or
     * a multi-valued one: an identity taken from a certificate must never be ambiguous.
     */
    public static Optional<String> commonName(X509Certificate certificate) {
        X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        RDN[] commonNames = subject.getRDNs(BCStyle.CN);
        if (commonNames.length != 1 || commonNames[0].isMultiValued()) {
            return Optional.empty();
        }
        if (commonNames[0].getFirst().getValue() instanceof ASN1String value) {
            return Optional.of(value.getString());
        }
        return Optional.empty();
    }
}
