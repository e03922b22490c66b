package io.taskrunner.console.service.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final int KEY_CERT_SIGN = 5;
    private static final int CRL_SIGN = 6;
    private static final int DIGITAL_SIGNATURE = 0;

    @TempDir
    Path dir;

    @Test
    void loadOrCreate_inEmptyFolder_createsSelfSignedP256CaValidForTenYears() throws Exception {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, "TaskRunner Test CA");

        X509Certificate certificate = ca.certificate();
        certificate.verify(certificate.getPublicKey());
        assertThat(CertificateNames.commonName(certificate)).contains("TaskRunner Test CA");
        assertThat(certificate.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(certificate.getKeyUsage()[KEY_CERT_SIGN]).isTrue();
        assertThat(certificate.getKeyUsage()[CRL_SIGN]).isTrue();
        assertThat(certificate.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
        assertThat(((ECPublicKey) certificate.getPublicKey()).getParams().getCurve().getField().getFieldSize())
                .isEqualTo(256);
        assertThat(Duration.between(Instant.now(), certificate.getNotAfter().toInstant()))
                .isGreaterThan(Duration.ofDays(3650 - 1));
        assertThat(Files.readString(dir.resolve(CertificateAuthority.KEY_FILE))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(dir.resolve(CertificateAuthority.CERTIFICATE_FILE))).isEqualTo(ca.certificatePem());
    }

    @Test
    void loadOrCreate_onPosix_writesTheKeyOwnerOnly() throws Exception {
        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");

        CertificateAuthority.loadOrCreate(dir, "CA");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(CertificateAuthority.KEY_FILE))))
                .isEqualTo("rw-------");
    }

    @Test
    void loadOrCreate_calledAgain_loadsTheSameCa() throws Exception {
        CertificateAuthority created = CertificateAuthority.loadOrCreate(dir, "CA");
        IssuedCredential issuedBefore = created.issueClientCertificate("agent-1", Duration.ofDays(1));

        CertificateAuthority loaded = CertificateAuthority.loadOrCreate(dir, "another name is ignored");

        assertThat(loaded.certificate()).isEqualTo(created.certificate());
        assertThat(loaded.certificatePem()).isEqualTo(created.certificatePem());
        issuedBefore.certificate().verify(loaded.certificate().getPublicKey());
        loaded.issueClientCertificate("agent-2", Duration.ofDays(1)).certificate()
                .verify(created.certificate().getPublicKey());
    }

    @Test
    void loadOrCreate_whenOnlyTheKeyExists_refusesInsteadOfReplacingTheCa() throws Exception {
        CertificateAuthority.loadOrCreate(dir, "CA");
        Files.delete(dir.resolve(CertificateAuthority.CERTIFICATE_FILE));

        assertThatThrownBy(() -> CertificateAuthority.loadOrCreate(dir, "CA"))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining(CertificateAuthority.CERTIFICATE_FILE);
    }

    @Test
    void loadOrCreate_whenTheKeyBelongsToAnotherCa_refuses(@TempDir Path otherDir) throws Exception {
        CertificateAuthority.loadOrCreate(dir, "CA");
        CertificateAuthority.loadOrCreate(otherDir, "Other CA");
        Files.copy(otherDir.resolve(CertificateAuthority.KEY_FILE), dir.resolve(CertificateAuthority.KEY_FILE),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(() -> CertificateAuthority.loadOrCreate(dir, "CA"))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("does not hold the key");
    }

    @Test
    void issueClientCertificate_chainsToTheCaWithTheIdAsCnAndClientAuthOnly() throws Exception {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, "CA");

        IssuedCredential credential = ca.issueClientCertificate("agent-7", Duration.ofDays(30));

        X509Certificate certificate = credential.certificate();
        assertChainsTo(certificate, ca.certificate());
        assertThat(credential.commonName()).isEqualTo("agent-7");
        assertThat(certificate.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        assertThat(certificate.getKeyUsage()[DIGITAL_SIGNATURE]).isTrue();
        assertThat(certificate.getSubjectAlternativeNames()).isNull();
        assertThat(certificate.getNotAfter().toInstant())
                .isBetween(Instant.now().plus(Duration.ofDays(30)).minusSeconds(60),
                        Instant.now().plus(Duration.ofDays(30)).plusSeconds(60));
        assertThat(credential.caCertificatePem()).isEqualTo(ca.certificatePem());
    }

    @Test
    void issueServerCertificate_namesEveryHostAndIpAndAllowsServerAuth() throws Exception {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, "CA");

        IssuedCredential credential = ca.issueServerCertificate("taskrunner-broker",
                List.of("localhost", "console.example"), List.of("127.0.0.1", "::1", "192.168.1.20"),
                Duration.ofDays(365));

        X509Certificate certificate = credential.certificate();
        assertChainsTo(certificate, ca.certificate());
        assertThat(certificate.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
        assertThat(certificate.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(2, "localhost"), List.of(2, "console.example"), List.of(7, "127.0.0.1"),
                List.of(7, "0:0:0:0:0:0:0:1"), List.of(7, "192.168.1.20"));
        assertThat(credential.commonName()).isEqualTo("taskrunner-broker");
    }

    @Test
    void issuedCredentials_haveDistinctRandomSerialsAndKeys() {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, "CA");

        IssuedCredential first = ca.issueClientCertificate("agent-1", Duration.ofDays(1));
        IssuedCredential second = ca.issueClientCertificate("agent-1", Duration.ofDays(1));

        assertThat(first.certificate().getSerialNumber()).isNotEqualTo(second.certificate().getSerialNumber());
        assertThat(first.certificate().getSerialNumber().bitLength()).isGreaterThan(64);
        assertThat(first.privateKeyPem()).isNotEqualTo(second.privateKeyPem());
    }

    @Test
    void issuedCredential_pemTextRoundTripsAndToStringLeavesTheKeyOut() {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, "CA");

        IssuedCredential credential = ca.issueClientCertificate("agent-1", Duration.ofDays(1));

        assertThat(Pem.readCertificate(credential.certificatePem())).isEqualTo(credential.certificate());
        assertThat(Pem.readPrivateKey(credential.privateKeyPem()).getEncoded())
                .isEqualTo(credential.privateKey().getEncoded());
        assertThat(credential.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
        String body = credential.privateKeyPem().lines().filter(line -> !line.startsWith("-----")).findFirst()
                .orElseThrow();
        assertThat(credential.toString()).contains("agent-1").doesNotContain(body).doesNotContain("PRIVATE KEY");
    }

    @Test
    void issue_validityIsCappedAtTheCasOwnExpiry() {
        Clock fixed = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, "CA", fixed);

        IssuedCredential credential = ca.issueClientCertificate("agent-1", Duration.ofDays(50 * 365));

        assertThat(credential.certificate().getNotAfter()).isEqualTo(ca.certificate().getNotAfter());
        assertThat(credential.certificate().getNotBefore())
                .isEqualTo(Date.from(Instant.parse("2030-01-01T00:00:00Z").minus(Duration.ofMinutes(5))));
    }

    @Test
    void issue_withInvalidArguments_namesTheField() {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, "CA");

        assertThatThrownBy(() -> ca.issueClientCertificate(" ", Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("commonName");
        assertThatThrownBy(() -> ca.issueClientCertificate("agent", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("validity");
        assertThatThrownBy(() -> ca.issueServerCertificate("broker", List.of(), List.of("not-an-ip"),
                Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ipAddresses");
        assertThatThrownBy(() -> ca.issueServerCertificate("broker", List.of(), List.of(), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dnsNames");
    }

    private static void assertChainsTo(X509Certificate certificate, X509Certificate ca) throws Exception {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(List.of(certificate)), parameters);
    }
}
