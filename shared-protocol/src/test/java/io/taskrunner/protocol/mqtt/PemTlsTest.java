package io.taskrunner.protocol.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.taskrunner.protocol.mqtt.PemTls.TlsConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTlsTest {
    /** An EC key in the traditional SEC1 form that {@code openssl ecparam -genkey} writes. */
    private static final String SEC1_EC_KEY = """
            -----BEGIN EC PRIVATE KEY-----
            MHcCAQEEICPSmdYIHH9dg/iQtUhPskBdh5EfuAxfRs1+oylRhAgjoAoGCCqGSM49
            AwEHoUQDQgAESZvKxgEJ+8w6KM+qfwTiS73fHsObmyc+gddd4RjHA63ai3nnAclq
            -----END EC PRIVATE KEY-----
            """;

    @TempDir
    Path dir;

    @Test
    void readPrivateKey_whenTheFileIsMissing_namesTheFile() {
        Path missing = dir.resolve("client.key.pem");

        assertThatThrownBy(() -> PemTls.readPrivateKey(missing)).isInstanceOf(TlsConfigurationException.class)
                .hasMessage("cannot read " + missing + " (missing or not readable)");
    }

    @Test
    void readCertificates_whenTheFileIsMissing_namesTheFile() {
        Path missing = dir.resolve("client.cert.pem");

        assertThatThrownBy(() -> PemTls.readCertificates(missing)).isInstanceOf(TlsConfigurationException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void trustManagers_whenTheCaFileIsMissing_namesTheFile() {
        Path missing = dir.resolve("ca.cert.pem");

        assertThatThrownBy(() -> PemTls.trustManagers(missing)).isInstanceOf(TlsConfigurationException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void trustManagers_whenTheCaFileHoldsNoCertificate_namesTheFile() throws IOException {
        Path ca = Files.writeString(dir.resolve("ca.cert.pem"), "this is not a certificate\n");

        assertThatThrownBy(() -> PemTls.trustManagers(ca)).isInstanceOf(TlsConfigurationException.class)
                .hasMessageContaining(ca.toString());
    }

    @Test
    void keyManagers_whenTheClientCertificateIsMissing_namesThatFile() {
        TlsFiles files = TlsFiles.in(dir);

        assertThatThrownBy(() -> PemTls.keyManagers(files)).isInstanceOf(TlsConfigurationException.class)
                .hasMessageContaining(files.clientCertificate().toString());
    }

    @Test
    void sslContext_whenFilesAreMissing_throwsTlsConfigurationException() {
        assertThatThrownBy(() -> PemTls.sslContext(TlsFiles.in(dir))).isInstanceOf(TlsConfigurationException.class);
        assertThatThrownBy(() -> PemTls.mqttSslConfig(TlsFiles.in(dir)))
                .isInstanceOf(TlsConfigurationException.class);
    }

    @Test
    void readPrivateKey_whenTheKeyIsSec1Ec_suggestsOpensslPkcs8Topk8() throws IOException {
        Path key = Files.writeString(dir.resolve("client.key.pem"), SEC1_EC_KEY);

        assertThatThrownBy(() -> PemTls.readPrivateKey(key)).isInstanceOf(TlsConfigurationException.class)
                .hasMessageContaining(key.toString())
                .hasMessageContaining("BEGIN PRIVATE KEY")
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt -in KEY -out client.key.pem");
    }

    @Test
    void readPrivateKey_whenThePkcs8BlockIsNoKey_namesTheFile() throws IOException {
        Path key = Files.writeString(dir.resolve("client.key.pem"),
                "-----BEGIN PRIVATE KEY-----\nAAAAAAAA\n-----END PRIVATE KEY-----\n");

        assertThatThrownBy(() -> PemTls.readPrivateKey(key)).isInstanceOf(TlsConfigurationException.class)
                .hasMessage("unsupported private key type in " + key);
    }

    @Test
    void tlsFiles_in_usesTheConventionalNames() {
        TlsFiles files = TlsFiles.in(dir);

        assertThat(files.caCertificate()).isEqualTo(dir.resolve("ca.cert.pem"));
        assertThat(files.clientCertificate()).isEqualTo(dir.resolve("client.cert.pem"));
        assertThat(files.clientKey()).isEqualTo(dir.resolve("client.key.pem"));
        assertThatThrownBy(() -> new TlsFiles(null, dir, dir)).isInstanceOf(NullPointerException.class)
                .hasMessage("caCertificate");
    }

    /** A self-signed certificate from the JDK's keytool, written out as PEM files the way openssl would. */
    @Test
    void pemFilesOfAKeytoolCertificate_buildKeyAndTrustManagersAndAnSslContext() throws Exception {
        for (String algorithm : List.of("EC", "RSA")) {
            TlsFiles files = selfSigned(algorithm);

            PrivateKey key = PemTls.readPrivateKey(files.clientKey());
            KeyManagerFactory keyManagers = PemTls.keyManagers(files);
            TrustManagerFactory trustManagers = PemTls.trustManagers(files.caCertificate());
            SSLContext context = PemTls.sslContext(files);

            assertThat(key.getAlgorithm()).isEqualTo(algorithm);
            X509KeyManager keyManager = (X509KeyManager) keyManagers.getKeyManagers()[0];
            assertThat(keyManager.getPrivateKey("client").getEncoded()).isEqualTo(key.getEncoded());
            X509Certificate certificate = PemTls.readCertificates(files.clientCertificate()).getFirst();
            assertThat(((X509TrustManager) trustManagers.getTrustManagers()[0]).getAcceptedIssuers())
                    .contains(certificate);
            assertThat(context.getProtocol()).isEqualTo("TLS");
            assertThat(PemTls.mqttSslConfig(files).getProtocols()).hasValue(List.of("TLSv1.3", "TLSv1.2"));
        }
    }

    private TlsFiles selfSigned(String algorithm) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        assumeTrue(Files.isExecutable(keytool), "keytool not found next to the running JDK");
        Path store = dir.resolve(algorithm + ".p12");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "client",
                "-keyalg", algorithm, "-dname", "CN=agent-01", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();

        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, "changeit".toCharArray());
        }
        PrivateKey key = (PrivateKey) keyStore.getKey("client", "changeit".toCharArray());
        X509Certificate certificate = (X509Certificate) keyStore.getCertificate("client");
        Path folder = Files.createDirectories(dir.resolve(algorithm));
        TlsFiles files = TlsFiles.in(folder);
        Files.writeString(files.clientCertificate(), pem("CERTIFICATE", certificate.getEncoded()));
        Files.writeString(files.caCertificate(), pem("CERTIFICATE", certificate.getEncoded()));
        Files.writeString(files.clientKey(), pem("PRIVATE KEY", key.getEncoded()));
        return files;
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
