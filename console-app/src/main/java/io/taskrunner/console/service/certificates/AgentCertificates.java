package io.taskrunner.console.service.certificates;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import io.taskrunner.console.persistence.Database;
import io.taskrunner.console.service.pki.CertificateAuthority;
import io.taskrunner.console.service.pki.CertificateDenyList;
import io.taskrunner.console.service.pki.Pem;
import io.taskrunner.console.service.pki.PrivateFiles;
import io.taskrunner.console.service.pki.RevocationReason;
import io.taskrunner.console.service.pki.RevokedCertificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle of agent certificates after issue: records each issued serial, revokes them (H2, the in-memory
 * {@link CertificateDenyList} the embedded broker checks on every connect, and the CRL file for external brokers),
 * and tells its listeners so that live sessions are closed at once. Methods block on H2 and the file system; call
 * them off the UI thread. Thread-safe.
 */
public final class AgentCertificates {
    /** How long a published CRL is valid; it is published again daily (and on every change), long before then. */
    public static final Duration CRL_VALIDITY = Duration.ofDays(7);

    private static final Logger LOG = LoggerFactory.getLogger(AgentCertificates.class);

    private final CertificateRepository repository;
    private final CertificateAuthority ca;
    private final CertificateDenyList denyList;
    private final Path crlFile;
    private final Clock clock;
    private final List<Runnable> revocationListeners = new CopyOnWriteArrayList<>();
    private final Object changes = new Object();

    private AgentCertificates(CertificateRepository repository, CertificateAuthority ca, CertificateDenyList denyList,
            Path crlFile, Clock clock) {
        this.repository = repository;
        this.ca = ca;
        this.denyList = denyList;
        this.crlFile = crlFile;
        this.clock = clock;
    }

    /**
     * Loads the deny list from H2 and publishes the CRL to {@code crlFile}.
     *
     * @param crlFile where the PEM CRL goes (an external broker's {@code crlfile}); rewritten atomically
     */
    public static AgentCertificates load(Database database, CertificateAuthority ca, Path crlFile, Clock clock) {
        CertificateRepository repository = new CertificateRepository(Objects.requireNonNull(database, "database"));
        CertificateDenyList denyList = new CertificateDenyList(repository.revoked(), repository.removedAgents());
        AgentCertificates certificates = new AgentCertificates(repository, Objects.requireNonNull(ca, "ca"), denyList,
                Objects.requireNonNull(crlFile, "crlFile"), Objects.requireNonNull(clock, "clock"));
        certificates.publishRevocationList();
        return certificates;
    }

    /** What the broker refuses; live, so changes count from the next connect on. */
    public CertificateDenyList denyList() {
        return denyList;
    }

    /**
     * Records a certificate issued to {@code agentId} (enrolment or renewal). When the agent had been removed, it is
     * welcome again with new certificates; its old serials stay revoked.
     */
    public void issued(String agentId, X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        repository.saveIssued(agentId, certificate, clock.instant());
        if (denyList.isRemoved(agentId)) {
            denyList.agentRestored(agentId);
            LOG.info("Agent {} was enrolled again; certificates issued to it from now on may connect", agentId);
        }
    }

    /**
     * Revokes every certificate recorded for {@code agentId} and refuses any other certificate with its name (those
     * issued before serials were recorded), then closes its live sessions through the listeners.
     *
     * @return the newly revoked certificates
     */
    public List<RevokedCertificate> revokeAgent(String agentId) {
        Objects.requireNonNull(agentId, "agentId");
        synchronized (changes) {
            denyList.agentRemoved(agentId);
            Instant now = clock.instant();
            List<RevokedCertificate> revocations = new ArrayList<>();
            for (BigInteger serial : repository.issuedSerials(agentId)) {
                revocations.add(new RevokedCertificate(serial, agentId, RevocationReason.AGENT_REMOVED, now));
            }
            List<RevokedCertificate> added = apply(revocations);
            LOG.warn("Agent {} removed: revoked certificate serials {}; it can no longer connect", agentId,
                    added.stream().map(RevokedCertificate::serialHex).toList());
            revocationListeners.forEach(AgentCertificates::runQuietly);
            return added;
        }
    }

    /** Revokes one certificate of {@code agentId}, e.g. the one a renewal superseded; false if it already was. */
    public boolean revoke(BigInteger serial, String agentId, RevocationReason reason) {
        synchronized (changes) {
            List<RevokedCertificate> added = apply(List.of(new RevokedCertificate(serial, agentId, reason,
                    clock.instant())));
            if (added.isEmpty()) {
                return false;
            }
            LOG.warn("Revoked certificate serial {} of agent {} ({})", serial.toString(16), agentId,
                    reason.storedName());
            revocationListeners.forEach(AgentCertificates::runQuietly);
            return true;
        }
    }

    /** Writes a freshly signed CRL of every revoked certificate; called on each change and periodically. */
    public void publishRevocationList() {
        synchronized (changes) {
            PrivateFiles.writeOwnerOnly(crlFile, Pem.crl(ca.revocationList(denyList.revoked(), CRL_VALIDITY)));
            LOG.debug("Published the CRL ({} revoked certificates) to {}", denyList.revoked().size(), crlFile);
        }
    }

    public Path crlFile() {
        return crlFile;
    }

    /** Called (on the revoking thread) after certificates were revoked, e.g. to close their live sessions. */
    public AutoCloseable onRevoked(Runnable listener) {
        revocationListeners.add(Objects.requireNonNull(listener, "listener"));
        return () -> revocationListeners.remove(listener);
    }

    /** H2 first (durable), then the deny list, then the CRL. */
    private List<RevokedCertificate> apply(List<RevokedCertificate> revocations) {
        List<RevokedCertificate> added = revocations.isEmpty() ? List.of() : repository.saveRevoked(revocations);
        added.forEach(denyList::revoke);
        publishRevocationList();
        return added;
    }

    private static void runQuietly(Runnable listener) {
        try {
            listener.run();
        } catch (RuntimeException e) {
            LOG.warn("A certificate revocation listener failed", e);
        }
    }
}
