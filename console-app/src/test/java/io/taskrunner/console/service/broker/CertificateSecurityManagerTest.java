package io.taskrunner.console.service.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.console.MutableClock;
import io.taskrunner.console.service.pki.CertificateAuthority;
import io.taskrunner.console.service.pki.CertificateDenyList;
import io.taskrunner.console.service.pki.RevocationReason;
import io.taskrunner.console.service.pki.RevokedCertificate;
import java.nio.file.Path;
import java.security.Principal;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.security.auth.Subject;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.spi.core.security.jaas.NoCacheLoginException;
import org.apache.activemq.artemis.spi.core.security.jaas.RolePrincipal;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateSecurityManagerTest {
    private static final String REMOTE = "127.0.0.1:50000";

    @TempDir
    static Path caDir;
    private static CertificateAuthority ca;

    private final CertificateSecurityManager manager = new CertificateSecurityManager();
    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T09:00:00Z"));
    private final CertificateSecurityManager devices = new CertificateSecurityManager(AccessPolicy.allowAll(),
            new DeviceAccessPolicyTest.FixedDirectory(Map.of("line1-button", List.of("factory/line1/+/button"),
                    "other-device", List.of("factory/line2/+/button"))),
            DeviceTopics.withDefaultPrefix(), clock);

    @BeforeAll
    static void createCa() {
        ca = CertificateAuthority.loadOrCreate(caDir, "CA");
    }

    @Test
    void authenticate_withAgentCertificate_returnsSubjectNamedByTheCnWithAgentRole() {
        Subject subject = manager.authenticate(null, chain("agent-1"), REMOTE);

        assertThat(subject).isNotNull();
        assertThat(subject.isReadOnly()).isTrue();
        assertThat(subject.getPrincipals(UserPrincipal.class)).extracting(Principal::getName).containsExactly("agent-1");
        assertThat(subject.getPrincipals(RolePrincipal.class)).extracting(Principal::getName).containsExactly("agent");
        assertThat(manager.getUserFromSubject(subject)).isEqualTo("agent-1");
    }

    @Test
    void authenticate_withConsoleCertificate_givesTheConsoleRole() {
        Subject subject = manager.authenticate("console", chain("console"), REMOTE);

        assertThat(subject.getPrincipals(RolePrincipal.class)).extracting(Principal::getName)
                .containsExactly("console");
    }

    @Test
    void authenticate_withRevokedCertificate_refusesWithoutCaching_andAcceptsTheAgentsOtherCertificate() {
        X509Certificate[] revoked = chain("agent-1");
        X509Certificate[] renewed = chain("agent-1");
        CertificateDenyList denyList = new CertificateDenyList();
        CertificateSecurityManager checking = new CertificateSecurityManager(AccessPolicy.allowAll(),
                DeviceDirectory.none(), DeviceTopics.withDefaultPrefix(), clock, denyList);
        assertThat(checking.authenticate(null, revoked, REMOTE)).isNotNull();

        denyList.revoke(new RevokedCertificate(revoked[0].getSerialNumber(), "agent-1", RevocationReason.SUPERSEDED,
                clock.instant()));

        assertThatThrownBy(() -> checking.authenticate(null, null, revoked, REMOTE, null))
                .isInstanceOf(NoCacheLoginException.class)
                .hasMessageContaining("certificate serial " + revoked[0].getSerialNumber().toString(16)
                        + " of agent agent-1 was revoked");
        assertThat(checking.isRefused(revoked)).isTrue();
        assertThat(checking.authenticate(null, renewed, REMOTE)).isNotNull();
        assertThat(checking.isRefused(renewed)).isFalse();
    }

    @Test
    void authenticate_withCertificateOfRemovedAgent_refuses() {
        CertificateSecurityManager checking = new CertificateSecurityManager(AccessPolicy.allowAll(),
                DeviceDirectory.none(), DeviceTopics.withDefaultPrefix(), clock,
                new CertificateDenyList(List.of(), List.of("agent-1")));

        assertThat(checking.authenticate(null, chain("agent-1"), REMOTE)).isNull();
        assertThat(checking.authenticate(null, chain("agent-2"), REMOTE)).isNotNull();
    }

    @Test
    void authenticate_withoutCertificate_refuses() {
        assertThat(manager.authenticate("agent-1", null, REMOTE)).isNull();
        assertThat(manager.authenticate("agent-1", new X509Certificate[0], REMOTE)).isNull();
    }

    @Test
    void authenticate_whenUserNameDiffersFromCn_refuses() {
        assertThat(manager.authenticate("agent-2", chain("agent-1"), REMOTE)).isNull();
        assertThat(manager.authenticate("", chain("agent-1"), REMOTE)).isNull();
        assertThat(manager.authenticate("agent-1", chain("agent-1"), REMOTE)).isNotNull();
    }

    @Test
    void authenticate_whenCnCouldWidenATopicRule_refuses() {
        assertThat(manager.authenticate(null, chain("agent.#"), REMOTE)).isNull();
        assertThat(manager.authenticate(null, chain("a/b"), REMOTE)).isNull();
        assertThat(manager.authenticate(null, chain("evil\nline"), REMOTE)).isNull();
    }

    @Test
    void authorize_asksThePolicyWithTheAddressAndQueueSplit() {
        List<AccessRequest> asked = new ArrayList<>();
        CertificateSecurityManager recording = new CertificateSecurityManager(request -> {
            asked.add(request);
            return !request.address().startsWith("forbidden");
        });
        Subject subject = recording.authenticate(null, chain("agent-1"), REMOTE);

        assertThat(recording.authorize(subject, Set.of(), CheckType.CONSUME,
                "taskrunner.v1.agents.agent-1.commands::agent-1.taskrunner.v1.agents.agent-1.commands")).isTrue();
        assertThat(recording.authorize(subject, Set.of(), CheckType.SEND, "forbidden.topic")).isFalse();

        assertThat(asked).containsExactly(
                new AccessRequest(new ClientIdentity("agent-1"), CheckType.CONSUME,
                        "taskrunner.v1.agents.agent-1.commands", "agent-1.taskrunner.v1.agents.agent-1.commands"),
                new AccessRequest(new ClientIdentity("agent-1"), CheckType.SEND, "forbidden.topic", null));
    }

    @Test
    void authorize_withoutAuthenticatedSubject_denies() {
        assertThat(manager.authorize(null, Set.of(), CheckType.SEND, "a.b")).isFalse();
        assertThat(manager.authorize(new Subject(), Set.of(), CheckType.SEND, "a.b")).isFalse();
    }

    @Test
    void authenticate_withoutCertificate_withADeviceCredential_returnsSubjectWithTheDeviceRole() throws Exception {
        Subject subject = devices.authenticate("line1-button", "secret", null, REMOTE, null);

        assertThat(subject).isNotNull();
        assertThat(subject.isReadOnly()).isTrue();
        assertThat(subject.getPrincipals(UserPrincipal.class)).extracting(Principal::getName)
                .containsExactly("line1-button");
        assertThat(subject.getPrincipals(RolePrincipal.class)).extracting(Principal::getName)
                .containsExactly("device");
    }

    @Test
    void authenticate_withoutCertificate_refusesWrongOrMissingCredentials() throws Exception {
        assertThat(devices.authenticate("line1-button", "wrong", null, REMOTE, null)).isNull();
        assertThat(devices.authenticate("line1-button", null, null, REMOTE, null)).isNull();
        assertThat(devices.authenticate("unknown", "secret", null, REMOTE, null)).isNull();
        assertThat(devices.authenticate(null, null, null, REMOTE, null)).isNull();
        assertThat(devices.authenticate("console", "secret", null, REMOTE, null)).isNull();
        assertThat(devices.authenticate("a.#", "secret", null, REMOTE, null)).isNull();
    }

    @Test
    void authenticate_withCertificate_ignoresDeviceCredentials() throws Exception {
        Subject subject = devices.authenticate(null, "secret", chain("line1-button"), REMOTE, null);

        assertThat(subject.getPrincipals(RolePrincipal.class)).extracting(Principal::getName)
                .containsExactly("agent");
    }

    @Test
    void fiveFailedDeviceLogins_lockTheNameForAMinute_withoutArtemisCachingTheRefusal() throws Exception {
        for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
            assertThat(devices.authenticate("line1-button", "guess-" + i, null, REMOTE, null)).isNull();
        }

        assertThatThrownBy(() -> devices.authenticate("line1-button", "secret", null, REMOTE, null))
                .isInstanceOf(NoCacheLoginException.class);
        assertThat(devices.authenticate("other-device", "secret", null, REMOTE, null)).isNotNull();

        clock.advance(LoginThrottle.LOCKOUT);
        assertThat(devices.authenticate("line1-button", "secret", null, REMOTE, null)).isNotNull();
    }

    @Test
    void failedLogins_forNamesWithoutCredential_lockNothing() throws Exception {
        for (int i = 0; i < 2 * LoginThrottle.MAX_FAILURES; i++) {
            assertThat(devices.authenticate("ghost", "guess-" + i, null, REMOTE, null)).isNull();
        }
    }

    @Test
    void aConnectionAlreadyLoggedInAsTheDevice_isNotLockedOutByOthersGuessing() throws Exception {
        Subject established = devices.authenticate("line1-button", "secret", null, REMOTE, null);
        for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
            devices.authenticate("line1-button", "guess-" + i, null, "203.0.113.9:4000", null);
        }

        assertThat(devices.authenticate("line1-button", "secret", null, REMOTE, established)).isNotNull();
        assertThatThrownBy(() -> devices.authenticate("line1-button", "secret", null, REMOTE, null))
                .isInstanceOf(NoCacheLoginException.class);
    }

    @Test
    void authorize_forADevice_followsItsGrants_notTheCertificatePolicy() throws Exception {
        Subject device = devices.authenticate("line1-button", "secret", null, REMOTE, null);
        Subject agent = devices.authenticate(null, null, chain("agent-1"), REMOTE, null);

        assertThat(devices.authorize(device, Set.of(), CheckType.SEND, "factory.line1.7.button")).isTrue();
        assertThat(devices.authorize(device, Set.of(), CheckType.SEND, "factory.line2.7.button")).isFalse();
        assertThat(devices.authorize(device, Set.of(), CheckType.SEND, "taskrunner.v1.agents.agent-1.commands"))
                .isFalse();
        assertThat(devices.authorize(agent, Set.of(), CheckType.SEND, "taskrunner.v1.agents.agent-1.commands"))
                .isTrue();
    }

    @Test
    void legacyPasswordChecks_alwaysRefuse() {
        assertThat(manager.validateUser("agent-1", "secret")).isFalse();
        assertThat(manager.validateUserAndRole("agent-1", "secret", Set.of(), CheckType.SEND)).isFalse();
    }

    private static X509Certificate[] chain(String commonName) {
        return new X509Certificate[] {
                ca.issueClientCertificate(commonName, Duration.ofDays(1)).certificate(), ca.certificate()};
    }
}
