package io.taskrunner.console.service.pki;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client certificates the broker must refuse although the console CA issued them: revoked serials, and every
 * certificate of a removed agent (which also covers certificates issued before serials were recorded). The broker
 * asks on every connect, so lookups are in memory; H2 is the durable copy. Thread-safe.
 */
public final class CertificateDenyList {
    private final Map<BigInteger, RevokedCertificate> revoked = new ConcurrentHashMap<>();
    private final Set<String> removedAgents = ConcurrentHashMap.newKeySet();

    /** An empty deny list: nothing is refused. */
    public CertificateDenyList() {
    }

    public CertificateDenyList(Collection<RevokedCertificate> revoked, Collection<String> removedAgents) {
        revoked.forEach(this::revoke);
        removedAgents.forEach(this::agentRemoved);
    }

    public void revoke(RevokedCertificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        revoked.putIfAbsent(certificate.serial(), certificate);
    }

    /** Refuses every certificate whose common name is {@code agentId} until {@link #agentRestored}. */
    public void agentRemoved(String agentId) {
        removedAgents.add(Objects.requireNonNull(agentId, "agentId"));
    }

    /** The agent was enrolled again: its new certificates may connect (revoked serials stay revoked). */
    public void agentRestored(String agentId) {
        removedAgents.remove(agentId);
    }

    public Optional<RevokedCertificate> revocationOf(BigInteger serial) {
        return Optional.ofNullable(revoked.get(serial));
    }

    public boolean isRemoved(String agentId) {
        return removedAgents.contains(agentId);
    }

    /**
     * Why {@code certificate}, whose common name is {@code commonName}, must be refused; empty when it may connect.
     * The text names the agent and the serial, for the broker's log.
     */
    public Optional<String> refusalOf(X509Certificate certificate, String commonName) {
        BigInteger serial = certificate.getSerialNumber();
        RevokedCertificate entry = revoked.get(serial);
        if (entry != null) {
            return Optional.of("certificate serial " + entry.serialHex() + " of agent " + entry.agentId()
                    + " was revoked at " + entry.revokedAt() + " (" + entry.reason().storedName() + ")");
        }
        if (removedAgents.contains(commonName)) {
            return Optional.of("certificate serial " + serial.toString(16) + " belongs to removed agent "
                    + commonName);
        }
        return Optional.empty();
    }

    /** Every revoked certificate, oldest revocation first: the entries of the CRL. */
    public List<RevokedCertificate> revoked() {
        return revoked.values().stream()
                .sorted(Comparator.comparing(RevokedCertificate::revokedAt).thenComparing(RevokedCertificate::serial))
                .toList();
    }
}
