package io.taskrunner.console.service.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.Principal;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javax.security.auth.Subject;

import io.taskrunner.console.service.pki.CertificateAuthority;
import org.apache.activemq.artemis.core.security.CheckType;
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
    void legacyPasswordChecks_alwaysRefuse() {
        assertThat(manager.validateUser("agent-1", "secret")).isFalse();
        assertThat(manager.validateUserAndRole("agent-1", "secret", Set.of(), CheckType.SEND)).isFalse();
    }

    private static X509Certificate[] chain(String commonName) {
        return new X509Certificate[] {
                ca.issueClientCertificate(commonName, Duration.ofDays(1)).certificate(), ca.certificate()};
    }
}
