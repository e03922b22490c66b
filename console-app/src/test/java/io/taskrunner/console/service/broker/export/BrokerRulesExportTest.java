package io.taskrunner.console.service.broker.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

import io.taskrunner.console.service.pki.CertificateAuthority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerRulesExportTest {
    @TempDir
    Path dir;

    @Test
    void export_writesEveryFile_keepsSecretsOwnerOnly_andNamesDevicesItLeftOut() throws Exception {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir.resolve("pki"), "Test CA");
        Path out = dir.resolve("out");
        BrokerExportSettings settings = new BrokerExportSettings(out, Path.of("/etc/mosquitto/taskrunner"), null,
                8883, 8884, List.of("broker.example"), List.of("10.0.0.5"), true);

        BrokerExport export = new BrokerRulesExport(ca).export(ExportFixtures.rules(), settings);

        assertThat(export.files()).extracting(path -> path.getFileName().toString()).containsExactly(
                "broker.key.pem", "broker.cert.pem", "ca.cert.pem", "mosquitto.conf", "acl-certified",
                "acl-devices", "passwords", "emqx-acl.conf");
        assertThat(export.devicesWithoutPassword()).containsExactly("old-sensor");
        assertThat(Files.readString(out.resolve("passwords")))
                .endsWith("\nline1-button:" + ExportFixtures.HASH + "\n").doesNotContain("old-sensor");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("broker.key.pem"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("passwords"))))
                .isEqualTo("rw-------");
        assertThat(Files.readString(out.resolve("ca.cert.pem"))).isEqualTo(ca.certificatePem());

        X509Certificate broker = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(Files.readString(out.resolve("broker.cert.pem"))
                        .getBytes(StandardCharsets.US_ASCII)));
        broker.verify(ca.certificate().getPublicKey());
        assertThat(broker.getSubjectAlternativeNames().stream().map(name -> name.get(1).toString()).toList())
                .containsExactlyInAnyOrder("broker.example", "10.0.0.5");
    }

    @Test
    void mosquittoConf_setsPerListenerSettingsFirst_andPointsBothListenersAtTheInstalledFiles() throws Exception {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir.resolve("pki"), "Test CA");
        BrokerExportSettings settings = new BrokerExportSettings(dir.resolve("out"),
                Path.of("/etc/mosquitto/taskrunner"), "127.0.0.1", 9883, 9884, List.of("localhost"), List.of(),
                false);

        new BrokerRulesExport(ca).export(ExportFixtures.rules(), settings);

        List<String> conf = Files.readString(dir.resolve("out/mosquitto.conf")).lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        assertThat(conf).containsExactly(
                "per_listener_settings true",
                "set_tcp_nodelay true",
                "listener 9883 127.0.0.1",
                "cafile /etc/mosquitto/taskrunner/ca.cert.pem",
                "certfile /etc/mosquitto/taskrunner/broker.cert.pem",
                "keyfile /etc/mosquitto/taskrunner/broker.key.pem",
                "require_certificate true",
                "use_identity_as_username true",
                "allow_anonymous false",
                "acl_file /etc/mosquitto/taskrunner/acl-certified",
                "listener 9884 127.0.0.1",
                "certfile /etc/mosquitto/taskrunner/broker.cert.pem",
                "keyfile /etc/mosquitto/taskrunner/broker.key.pem",
                "require_certificate false",
                "allow_anonymous false",
                "use_username_as_clientid true",
                "password_file /etc/mosquitto/taskrunner/passwords",
                "acl_file /etc/mosquitto/taskrunner/acl-devices");
        assertThat(dir.resolve("out/emqx-acl.conf")).doesNotExist();
    }

    @Test
    void settings_refuseTheSamePortTwice_andACertificateWithoutHosts() {
        assertThatThrownBy(() -> new BrokerExportSettings(dir, null, null, 8883, 8883, List.of("localhost"),
                List.of(), false)).hasMessageContaining("devicePort must differ");
        assertThatThrownBy(() -> new BrokerExportSettings(dir, null, null, 8883, 0, List.of("localhost"),
                List.of(), false)).hasMessageContaining("devicePort must be 1 to 65535");
        assertThatThrownBy(() -> new BrokerExportSettings(dir, null, null, 8883, 8884, List.of(), List.of(), false))
                .hasMessageContaining("at least one host");
    }
}
