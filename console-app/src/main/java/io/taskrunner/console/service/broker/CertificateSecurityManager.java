package io.taskrunner.console.service.broker;

import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import javax.security.auth.Subject;

import io.taskrunner.console.service.pki.CertificateNames;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager5;
import org.apache.activemq.artemis.spi.core.security.jaas.RolePrincipal;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;
import org.apache.activemq.artemis.utils.CertificateUtil;
import org.apache.activemq.artemis.utils.CompositeAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates broker clients by their TLS client certificate alone: the certificate's CN is the identity (the TLS
 * layer has already checked that the console CA issued it). Passwords are ignored. Authorization is delegated to an
 * {@link AccessPolicy}. Called on broker threads; stateless apart from the policy.
 */
public final class CertificateSecurityManager implements ActiveMQSecurityManager5 {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateSecurityManager.class);

    private final AccessPolicy policy;

    public CertificateSecurityManager() {
        this(AccessPolicy.allowAll());
    }

    public CertificateSecurityManager(AccessPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** @return the subject (user principal = CN, one role principal), or null to refuse the connection */
    @Override
    public Subject authenticate(String user, String password, RemotingConnection connection, String securityDomain) {
        if (connection == null) {
            LOG.warn("Refused a broker login without a connection (user name {})", user);
            return null;
        }
        return authenticate(user, CertificateUtil.getCertsFromConnection(connection), connection.getRemoteAddress());
    }

    Subject authenticate(String user, X509Certificate[] peerChain, String remoteAddress) {
        if (peerChain == null || peerChain.length == 0 || peerChain[0] == null) {
            LOG.warn("Refused broker client {}: no client certificate", remoteAddress);
            return null;
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
                    printable(commonName.get()), problem);
            return null;
        }
        // Artemis caches grants by the user name the client sent, so a user name other than the CN could borrow
        // another client's grants.
        if (user != null && !user.equals(commonName.get())) {
            LOG.warn("Refused broker client {}: MQTT user name {} differs from certificate common name {}",
                    remoteAddress, printable(user), commonName.get());
            return null;
        }
        ClientIdentity identity = new ClientIdentity(commonName.get());
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(identity.value()));
        subject.getPrincipals().add(new RolePrincipal(identity.role().principalName()));
        subject.setReadOnly();
        LOG.debug("Authenticated broker client {} as {}", remoteAddress, identity);
        return subject;
    }

    /**
     * @param roles   Artemis' own security settings for the address; unused, the policy decides
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
        boolean permitted = policy.permits(request);
        if (!permitted) {
            LOG.info("Denied {} on {} to {}", checkType, address, identity.get());
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

    private static Optional<ClientIdentity> identityOf(Subject subject) {
        if (subject == null) {
            return Optional.empty();
        }
        Set<UserPrincipal> users = subject.getPrincipals(UserPrincipal.class);
        return users.size() == 1 ? ClientIdentity.parse(users.iterator().next().getName()) : Optional.empty();
    }

    /** Names from certificates and CONNECT packets are attacker-controlled: keep log lines on one line. */
    private static String printable(String value) {
        StringBuilder text = new StringBuilder(value.length() + 2).append('"');
        value.codePoints().limit(ClientIdentity.MAX_LENGTH)
                .forEach(c -> text.append(Character.isISOControl(c) ? '?' : Character.toString(c)));
        return text.append('"').toString();
    }
}
