package io.taskrunner.console.service.pki;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import org.bouncycastle.asn1.x509.CRLReason;

/** Why a certificate was revoked, as stored in H2 and as the RFC 5280 reason code in the CRL. */
public enum RevocationReason {
    /** The agent was removed from the fleet: it must never connect again with this certificate. */
    AGENT_REMOVED(CRLReason.cessationOfOperation),
    /** The agent renewed its certificate and connected with the new one. */
    SUPERSEDED(CRLReason.superseded);

    private final int crlReason;

    RevocationReason(int crlReason) {
        this.crlReason = crlReason;
    }

    /** The CRL entry's reason code ({@link CRLReason}). */
    public int crlReason() {
        return crlReason;
    }

    /** The stored name: lower case with dashes, e.g. {@code agent-removed}. */
    public String storedName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<RevocationReason> fromStoredName(String stored) {
        return Arrays.stream(values()).filter(reason -> reason.storedName().equals(stored)).findFirst();
    }
}
