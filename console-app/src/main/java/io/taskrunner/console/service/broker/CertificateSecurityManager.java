package io.taskrunner.console.service.broker;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import javax.security.auth.Subject;

import io.taskrunner.console.service.pki.CertificateDenyList;
import io.taskrunner.console.service.pki.CertificateNames;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager5;
import org.apache.activemq.artemis.spi.core.security.jaas.NoCacheLoginException;
import org.apache.activemq.artemis.spi.core.security.jaas.RolePrincipal;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;
import org.apache.activemq.artemis.utils.CertificateUtil;
import org.apache.activemq.artemis.utils.CompositeAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates broker clients. A client with a TLS client certificate (the TLS layer has already checked that the
 * console CA issued it and that it has not expired) is the certificate's CN, whatever password it sends, unless the
 * {@link CertificateDenyList} refuses it (revoked, or its agent removed); its rights come from an
 * {@link AccessPolicy}. A client without one is a device: its user name and password must match an enabled device
 * credential ({@link DeviceLogins}), and {@link DeviceAccessPolicy} decides what it may do. Called on broker
 * threads.
 */
public final class CertificateSecurityManager implements ActiveMQSecurityManager5 {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateSecurityManager.class);

    private final AccessPolicy policy;
    private final AccessPolicy devicePolicy;
    private final DeviceLogins deviceLogins;
    private final CertificateDenyList denyList;

    /** Certificates only; every certified client may do everything. */
    public CertificateSecurityManager() {
        this(AccessPolicy.allowAll());
    }

    /** Certificates only; {@code policy} decides for certified clients. */
    public CertificateSecurityManager(AccessPolicy policy) {
        this(policy, DeviceDirectory.none(), DeviceTopics.withDefaultPrefix(), Clock.systemUTC());
    }

    /**
     * @param policy  decides for clients with a certificate (agents, console)
     * @param devices the device credentials for clients without one
     * @param topics  the topic prefix's control topics, which no device may touch
     * @param clock   times the lockout after failed device logins
     */
    public CertificateSecurityManager(AccessPolicy policy, DeviceDirectory devices, DeviceTopics topics,
            Clock clock) {
        this(policy, devices, topics, clock, new CertificateDenyList());
    }

    /** @param denyList certificates refused although the console CA issued them; consulted on every login */
    public CertificateSecurityManager(AccessPolicy policy, DeviceDirectory devices, DeviceTopics topics,
            Clock clock, CertificateDenyList denyList) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.devicePolicy = new DeviceAccessPolicy(devices, topics);
        this.deviceLogins = new DeviceLogins(devices, clock);
        this.denyList = Objects.requireNonNull(denyList, "denyList");
    }

    /** @return the subject (user principal = identity, one role principal), or null to refuse the connection */
    @Override
    public Subject authenticate(String user, String password, RemotingConnection connection, String securityDomain)
            throws NoCacheLoginException {
        if (connection == null) {
            LOG.warn("Refused a broker login without a connection (user name {})", Printable.of(user));
            return null;
        }
        return authenticate(user, password, CertificateUtil.getCertsFromConnection(connection),
                connection.getRemoteAddress(), connection.getSubject());
    }

    /** A new login without a password: {@link #authenticate(String, String, X509Certificate[], String, Subject)}. */
    Subject authenticate(String user, X509Certificate[] peerChain, String remoteAddress) {
        try {
            return authenticate(user, null, peerChain, remoteAddress, null);
        } catch (NoCacheLoginException e) {
            return null;
        }
    }

    /**
     * @param peerChain   the client's certificate chain, null or empty when it sent none
     * @param established the subject the connection logged in with before, or null for a new connection
     */
    Subject authenticate(String user, String password, X509Certificate[] peerChain, String remoteAddress,
            Subject established) throws NoCacheLoginException {
        if (peerChain == null || peerChain.length == 0 || peerChain[0] == null) {
            return deviceLogins.login(user, password, remoteAddress, established);
        }
        Optional<String> commonName = CertificateNames.commonName(peerChain[0]);
        if (commonName.isEmpty()) {
            LOG.warn("Refused broker client {}: certificate {} has no single common name", remoteAddress,
                    peerChain[0].getSubjectX500Principal().getName());
            return null;
        }
        String problem = ClientIdentity.problemWith(commonName.get());
        if (problem != null) {
            LOG.warn("Refused broker client {}: certificate common name {} {}", remoteAddress,
                    Printable.of(commonName.get()), problem);
            return null;
        }
        // Artemis names the session by the user name the client sent (its authorization cache would key grants by
        // it, were it on; see BrokerConfiguration), and so do an external broker's ACLs: it must not be another's.
        if (user != null && !user.equals(commonName.get())) {
            LOG.warn("Refused broker client {}: MQTT user name {} differs from certificate common name {}",
                    remoteAddress, Printable.of(user), commonName.get());
            return null;
        }
        Optional<String> refusal = denyList.refusalOf(peerChain[0], commonName.get());
        if (refusal.isPresent()) {
            LOG.warn("Refused broker client {}: {}", remoteAddress, refusal.get());
            // not cached as a failed login: every attempt is checked against the deny list and logged
            throw new NoCacheLoginException(refusal.get());
        }
        ClientIdentity identity = new ClientIdentity(commonName.get());
        LOG.debug("Authenticated broker client {} as {}", remoteAddress, identity);
        return subjectOf(identity);
    }

    /** True when the deny list now refuses the certificate a live connection logged in with. */
    boolean isRefused(X509Certificate[] peerChain) {
        if (peerChain == null || peerChain.length == 0 || peerChain[0] == null) {
            return false;
        }
        Optional<String> commonName = CertificateNames.commonName(peerChain[0]);
        return commonName.isPresent() && denyList.refusalOf(peerChain[0], commonName.get()).isPresent();
    }

    /**
     * @param roles   Artemis' own security settings for the address; unused, the policies decide
     * @param address the Artemis address, possibly {@code address::queue}
     */
    @Override
    public boolean authorize(Subject subject, Set<Role> roles, CheckType checkType, String address) {
        Optional<ClientIdentity> identity = identityOf(subject);
        if (identity.isEmpty() || checkType == null || address == null) {
            return false;
        }
        AccessRequest request = CompositeAddress.isFullyQualified(address)
                ? new AccessRequest(identity.get(), checkType, CompositeAddress.extractAddressName(address),
                        CompositeAddress.extractQueueName(address))
                : new AccessRequest(identity.get(), checkType, address, null);
        boolean permitted = identity.get().role() == ClientRole.DEVICE
                ? devicePolicy.permits(request)
                : policy.permits(request);
        if (!permitted) {
            LOG.info("Denied {} on {} to {} {}", checkType, address, identity.get().role().principalName(),
                    identity.get());
        }
        return permitted;
    }

    /** Only the JAAS-style methods above are used (Artemis prefers ActiveMQSecurityManager5); refuse the rest. */
    @Override
    public boolean validateUser(String user, String password) {
        return false;
    }

    @Override
    public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
        return false;
    }

    /** The read-only subject Artemis keeps for a client: one user principal (the identity), one role principal. */
    static Subject subjectOf(ClientIdentity identity) {
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(identity.value()));
        subject.getPrincipals().add(new RolePrincipal(identity.role().principalName()));
        subject.setReadOnly();
        return subject;
    }

    /** The identity of a subject made by {@link #subjectOf}; empty for null or any other subject. */
    static Optional<ClientIdentity> identityOf(Subject subject) {
        if (subject == null) {
            return Optional.empty();
        }
        Set<UserPrincipal> users = subject.getPrincipals(UserPrincipal.class);
        Set<RolePrincipal> roles = subject.getPrincipals(RolePrincipal.class);
        if (users.size() != 1 || roles.size() != 1) {
            return Optional.empty();
        }
        Optional<ClientRole> role = ClientRole.fromPrincipalName(roles.iterator().next().getName());
        try {
            return role.map(found -> new ClientIdentity(users.iterator().next().getName(), found));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
