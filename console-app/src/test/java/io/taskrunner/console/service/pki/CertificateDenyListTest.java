package io.taskrunner.console.service.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateDenyListTest {
    private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");

    @TempDir
    static Path dir;

    private final CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), "Test CA");

    @Test
    void refusalOf_aRevokedSerial_namesAgentAndSerial() {
        IssuedCredential issued = ca.issueClientCertificate("press-1", Duration.ofDays(1));
        BigInteger serial = issued.certificate().getSerialNumber();
        CertificateDenyList denyList = new CertificateDenyList();

        denyList.revoke(new RevokedCertificate(serial, "press-1", RevocationReason.SUPERSEDED, NOW));

        assertThat(denyList.refusalOf(issued.certificate(), "press-1")).hasValue("certificate serial "
                + serial.toString(16) + " of agent press-1 was revoked at " + NOW + " (superseded)");
    }

    @Test
    void refusalOf_anotherCertificateOfTheSameAgent_isEmpty() {
        IssuedCredential old = ca.issueClientCertificate("press-1", Duration.ofDays(1));
        IssuedCredential renewed = ca.issueClientCertificate("press-1", Duration.ofDays(1));
        CertificateDenyList denyList = new CertificateDenyList();

        denyList.revoke(new RevokedCertificate(old.certificate().getSerialNumber(), "press-1",
                RevocationReason.SUPERSEDED, NOW));

        assertThat(denyList.refusalOf(renewed.certificate(), "press-1")).isEmpty();
    }

    @Test
    void removedAgent_isRefusedWhateverItsSerial_untilRestored() {
        IssuedCredential unrecorded = ca.issueClientCertificate("press-2", Duration.ofDays(1));
        CertificateDenyList denyList = new CertificateDenyList(List.of(), List.of("press-2"));

        assertThat(denyList.refusalOf(unrecorded.certificate(), "press-2")).hasValueSatisfying(reason ->
                assertThat(reason).contains("removed agent press-2")
                        .contains(unrecorded.certificate().getSerialNumber().toString(16)));
        assertThat(denyList.refusalOf(unrecorded.certificate(), "press-3")).isEmpty();

        denyList.agentRestored("press-2");

        assertThat(denyList.refusalOf(unrecorded.certificate(), "press-2")).isEmpty();
    }

    @Test
    void revoked_listsEachSerialOnce_oldestFirst_keepingTheFirstRevocation() {
        RevokedCertificate later = new RevokedCertificate(BigInteger.TWO, "a", RevocationReason.AGENT_REMOVED,
                NOW.plusSeconds(60));
        RevokedCertificate earlier = new RevokedCertificate(BigInteger.TEN, "b", RevocationReason.SUPERSEDED, NOW);
        CertificateDenyList denyList = new CertificateDenyList(List.of(later, earlier), List.of());

        denyList.revoke(new RevokedCertificate(BigInteger.TWO, "a", RevocationReason.SUPERSEDED,
                NOW.plusSeconds(120)));

        assertThat(denyList.revoked()).containsExactly(earlier, later);
        assertThat(denyList.revocationOf(BigInteger.TWO)).hasValue(later);
    }
}
