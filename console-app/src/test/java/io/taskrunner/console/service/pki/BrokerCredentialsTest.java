package io.taskrunner.console.service.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerCredentialsTest {
    @TempDir
    Path caDir;
    @TempDir
    Path brokerDir;

    private CertificateAuthority ca;

    @BeforeEach
    void createCa() {
        ca = CertificateAuthority.loadOrCreate(caDir, "CA");
    }

    @Test
    void loadOrCreate_firstTime_writesStoresAndPasswordFile() throws Exception {
        BrokerCredentials credentials = BrokerCredentials.loadOrCreate(brokerDir, ca, List.of("console.lan"),
                List.of("10.0.0.5"));

        assertThat(credentials.keyStorePath()).isEqualTo(brokerDir.resolve(BrokerCredentials.KEY_STORE_FILE));
        assertThat(credentials.trustStorePath()).isEqualTo(brokerDir.resolve(BrokerCredentials.TRUST_STORE_FILE));
        assertThat(Files.readString(brokerDir.resolve(BrokerCredentials.PASSWORD_FILE)))
                .isEqualTo(credentials.password());
        assertThat(credentials.password()).hasSizeGreaterThanOrEqualTo(40);

        X509Certificate server = serverCertificate(credentials);
        assertThat(CertificateNames.commonName(server)).contains(BrokerCredentials.COMMON_NAME);
        server.verify(ca.certificate().getPublicKey());
        assertThat(server.getSubjectAlternativeNames()).contains(List.of(2, "localhost"), List.of(2, "console.lan"),
                List.of(7, "127.0.0.1"), List.of(7, "10.0.0.5"));
        KeyStore trustStore = KeyStores.read(credentials.trustStorePath(), credentials.password().toCharArray());
        assertThat(trustStore.getCertificate(KeyStores.CA_ALIAS)).isEqualTo(ca.certificate());
    }

    @Test
    void loadOrCreate_onPosix_keepsPasswordAndStoresOwnerOnly() throws Exception {
        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");

        BrokerCredentials.loadOrCreate(brokerDir, ca, List.of(), List.of());

        for (String file : List.of(BrokerCredentials.PASSWORD_FILE, BrokerCredentials.KEY_STORE_FILE,
                BrokerCredentials.TRUST_STORE_FILE)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(brokerDir.resolve(file))))
                    .as(file).isEqualTo("rw-------");
        }
    }

    @Test
    void loadOrCreate_calledAgain_reusesPasswordAndCertificate() throws Exception {
        BrokerCredentials first = BrokerCredentials.loadOrCreate(brokerDir, ca, List.of("console.lan"), List.of());

        BrokerCredentials second = BrokerCredentials.loadOrCreate(brokerDir, ca, List.of("console.lan"), List.of());

        assertThat(second.password()).isEqualTo(first.password());
        assertThat(serverCertificate(second)).isEqualTo(serverCertificate(first));
    }

    @Test
    void loadOrCreate_withANewHostName_issuesANewCertificateNamingIt() throws Exception {
        BrokerCredentials first = BrokerCredentials.loadOrCreate(brokerDir, ca, List.of(), List.of());

        BrokerCredentials second = BrokerCredentials.loadOrCreate(brokerDir, ca, List.of("new-name.lan"), List.of());

        assertThat(second.password()).isEqualTo(first.password());
        assertThat(serverCertificate(second).getSubjectAlternativeNames()).contains(List.of(2, "new-name.lan"));
    }

    @Test
    void loadOrCreate_withAnotherCa_replacesCertificateAndTrustStore(@TempDir Path otherCaDir) throws Exception {
        BrokerCredentials.loadOrCreate(brokerDir, ca, List.of(), List.of());
        CertificateAuthority otherCa = CertificateAuthority.loadOrCreate(otherCaDir, "Other CA");

        BrokerCredentials replaced = BrokerCredentials.loadOrCreate(brokerDir, otherCa, List.of(), List.of());

        serverCertificate(replaced).verify(otherCa.certificate().getPublicKey());
        assertThat(KeyStores.read(replaced.trustStorePath(), replaced.password().toCharArray())
                .getCertificate(KeyStores.CA_ALIAS)).isEqualTo(otherCa.certificate());
    }

    @Test
    void toString_leavesThePasswordOut() {
        BrokerCredentials credentials = BrokerCredentials.loadOrCreate(brokerDir, ca, List.of(), List.of());

        assertThat(credentials.toString()).doesNotContain(credentials.password());
    }

    private static X509Certificate serverCertificate(BrokerCredentials credentials) throws Exception {
        KeyStore keyStore = KeyStores.read(credentials.keyStorePath(), credentials.password().toCharArray());
        return (X509Certificate) keyStore.getCertificate(KeyStores.KEY_ALIAS);
    }
}
