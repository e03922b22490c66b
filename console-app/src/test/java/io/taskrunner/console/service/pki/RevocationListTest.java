package io.taskrunner.console.service.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SignatureException;
import java.security.cert.CRLReason;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CRL the console publishes for external brokers (Mosquitto's {@code crlfile}). */
class RevocationListTest {
    private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");

    @TempDir
    Path dir;

    @Test
    void revocationList_isSignedByTheCa_andListsEachSerialWithDateAndReason() throws Exception {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), "Test CA",
                Clock.fixed(NOW, ZoneOffset.UTC));
        IssuedCredential removed = ca.issueClientCertificate("press-1", Duration.ofDays(30));
        IssuedCredential superseded = ca.issueClientCertificate("press-2", Duration.ofDays(30));
        IssuedCredential valid = ca.issueClientCertificate("press-2", Duration.ofDays(30));

        X509CRL crl = Pem.readCrl(Pem.crl(ca.revocationList(List.of(
                revoked(removed, RevocationReason.AGENT_REMOVED, NOW.minusSeconds(60)),
                revoked(superseded, RevocationReason.SUPERSEDED, NOW.minusSeconds(30))), Duration.ofDays(7))));

        crl.verify(ca.certificate().getPublicKey());
        assertThat(crl.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
        assertThat(crl.getThisUpdate().toInstant()).isEqualTo(NOW);
        assertThat(crl.getNextUpdate().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(7)));
        X509CRLEntry removedEntry = crl.getRevokedCertificate(removed.certificate().getSerialNumber());
        assertThat(removedEntry.getRevocationDate().toInstant()).isEqualTo(NOW.minusSeconds(60));
        assertThat(removedEntry.getRevocationReason()).isEqualTo(CRLReason.CESSATION_OF_OPERATION);
        assertThat(crl.getRevokedCertificate(superseded.certificate().getSerialNumber()).getRevocationReason())
                .isEqualTo(CRLReason.SUPERSEDED);
        assertThat(crl.isRevoked(removed.certificate())).isTrue();
        assertThat(crl.isRevoked(valid.certificate())).isFalse();
        assertThat(crl.getRevokedCertificates()).hasSize(2);
    }

    @Test
    void revocationList_ofAnotherCa_doesNotVerifyWithThisCasKey() {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), "Test CA");
        CertificateAuthority other = CertificateAuthority.loadOrCreate(dir.resolve("other"), "Other CA");

        X509CRL crl = other.revocationList(List.of(), Duration.ofDays(1));

        assertThat(crl.getRevokedCertificates()).isNull();
        assertThatThrownBy(() -> crl.verify(ca.certificate().getPublicKey())).isInstanceOf(SignatureException.class);
    }

    @Test
    void laterRevocationList_hasAHigherCrlNumber() {
        CertificateAuthority first = CertificateAuthority.loadOrCreate(dir.resolve("ca"), "Test CA",
                Clock.fixed(NOW, ZoneOffset.UTC));
        CertificateAuthority later = CertificateAuthority.loadOrCreate(dir.resolve("ca"), "Test CA",
                Clock.fixed(NOW.plusSeconds(1), ZoneOffset.UTC));

        assertThat(crlNumber(later.revocationList(List.of(), Duration.ofDays(1))))
                .isGreaterThan(crlNumber(first.revocationList(List.of(), Duration.ofDays(1))));
    }

    private static BigInteger crlNumber(X509CRL crl) {
        byte[] extension = crl.getExtensionValue("2.5.29.20");
        return org.bouncycastle.asn1.ASN1Integer.getInstance(
                org.bouncycastle.asn1.ASN1OctetString.getInstance(extension).getOctets()).getValue();
    }

    private static RevokedCertificate revoked(IssuedCredential credential, RevocationReason reason, Instant at) {
        return new RevokedCertificate(credential.certificate().getSerialNumber(), credential.commonName(), reason,
                at);
    }
}
