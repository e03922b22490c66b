package io.taskrunner.console.service.broker;

import java.time.Clock;
import java.util.Objects;

import javax.security.auth.Subject;

import io.taskrunner.console.service.broker.DeviceDirectory.DeviceLoginOutcome;
import org.apache.activemq.artemis.spi.core.security.jaas.NoCacheLoginException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs in clients without a certificate as devices: user name and password checked against the device credentials,
 * with a {@link LoginThrottle} against guessing. Passwords are never logged.
 *
 * <p>Artemis caches logins by user name, password and certificate subject (no certificate here) for its security
 * invalidation interval, failures too, and logs in again with the same user name and password when an entry
 * expires while a connection lives. So: a refusal because the name is locked is not cached
 * ({@link NoCacheLoginException}), or the right password would stay refused after the lock ends; and a connection
 * that already logged in as this device is not locked out by somebody else's guessing.
 */
final class DeviceLogins {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceLogins.class);

    private final DeviceDirectory directory;
    private final LoginThrottle throttle;

    DeviceLogins(DeviceDirectory directory, Clock clock) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.throttle = new LoginThrottle(clock);
    }

    /**
     * @param established the subject this connection logged in with before, or null for a new connection
     * @return the device's subject, or null to refuse the connection
     * @throws NoCacheLoginException to refuse without Artemis remembering the refusal
     */
    Subject login(String user, String password, String remoteAddress, Subject established)
            throws NoCacheLoginException {
        if (user == null || user.isEmpty()) {
            LOG.warn("Refused broker client {}: neither a client certificate nor a user name", remoteAddress);
            return null;
        }
        String problem = ClientIdentity.problemWith(user);
        if (problem != null || ClientIdentity.CONSOLE.equals(user)) {
            LOG.warn("Refused broker client {} without certificate: user name {} is no device name", remoteAddress,
                    Printable.of(user));
            return null;
        }
        boolean relogin = CertificateSecurityManager.identityOf(established)
                .filter(ClientIdentity.device(user)::equals).isPresent();
        if (!relogin && throttle.isLocked(user)) {
            LOG.debug("Refused device login {} from {}: the name is locked after failed logins", user,
                    remoteAddress);
            throw new NoCacheLoginException("device name " + user + " is locked after failed logins");
        }
        DeviceLoginOutcome outcome = directory.login(user, password == null ? "" : password);
        if (outcome == DeviceLoginOutcome.ACCEPTED) {
            // a connection logging in again says nothing about whoever is guessing meanwhile: keep their lock
            if (!relogin) {
                throttle.succeeded(user);
                LOG.debug("Device {} logged in from {}", user, remoteAddress);
            }
            return CertificateSecurityManager.subjectOf(ClientIdentity.device(user));
        }
        LOG.warn("Refused device login {} from {}: {}", user, remoteAddress, switch (outcome) {
            case UNKNOWN -> "no such device credential";
            case DISABLED -> "the device credential is disabled";
            default -> password == null ? "no password" : "wrong password";
        });
        // only names of credentials can be guessed at; counting others would let anyone fill memory with names
        if (outcome != DeviceLoginOutcome.UNKNOWN && throttle.failed(user)) {
            LOG.warn("{} failed logins for device name {} within {} s (the last from {}): refusing that name for "
                    + "{} s", LoginThrottle.MAX_FAILURES, user, LoginThrottle.WINDOW.toSeconds(), remoteAddress,
                    LoginThrottle.LOCKOUT.toSeconds());
        }
        return null;
    }
}
