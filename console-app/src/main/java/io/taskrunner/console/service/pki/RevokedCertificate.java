package io.taskrunner.console.service.pki;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * One revoked certificate: an entry of the console's deny list and of its CRL.
 *
 * @param agentId the certificate's common name, for logs and operators
 */
public record RevokedCertificate(BigInteger serial, String agentId, RevocationReason reason, Instant revokedAt) {
    public RevokedCertificate {
        Objects.requireNonNull(serial, "serial");
        if (serial.signum() <= 0) {
            throw new IllegalArgumentException("serial must be positive");
        }
        if (agentId == null || agentId.isBlank()) {
            throw new IllegalArgumentException("agentId must not be blank");
        }
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(revokedAt, "revokedAt");
    }

    /** The serial as lower-case hex, the way logs and H2 write it. */
    public String serialHex() {
        return serial.toString(16);
    }
}
