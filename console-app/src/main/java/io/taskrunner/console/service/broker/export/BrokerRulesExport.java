package io.taskrunner.console.service.broker.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.taskrunner.console.service.pki.BrokerCredentials;
import io.taskrunner.console.service.pki.CertificateAuthority;
import io.taskrunner.console.service.pki.IssuedCredential;
import io.taskrunner.console.service.pki.PkiException;
import io.taskrunner.console.service.pki.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the embedded broker's rules for an external broker: for Mosquitto 2.0 the CA certificate, a broker
 * certificate and key issued by the console CA, {@code mosquitto.conf} with two listeners, an {@code acl_file} for
 * each and the devices' {@code password_file}; for EMQX 5 optionally its {@code acl.conf}. Each export issues a new
 * broker certificate and replaces every file; run it again whenever agents, groups or devices change.
 */
public final class BrokerRulesExport {
    public static final String CA_FILE = "ca.cert.pem";
    public static final String BROKER_CERTIFICATE_FILE = "broker.cert.pem";
    public static final String BROKER_KEY_FILE = "broker.key.pem";
    public static final String MOSQUITTO_CONF_FILE = "mosquitto.conf";
    public static final String CERTIFIED_ACL_FILE = "acl-certified";
    public static final String DEVICE_ACL_FILE = "acl-devices";
    public static final String PASSWORD_FILE = "passwords";
    public static final String EMQX_ACL_FILE = "emqx-acl.conf";

    private static final Logger LOG = LoggerFactory.getLogger(BrokerRulesExport.class);
    private static final Duration BROKER_CERTIFICATE_VALIDITY = Duration.ofDays(825);

    private final CertificateAuthority ca;

    public BrokerRulesExport(CertificateAuthority ca) {
        this.ca = Objects.requireNonNull(ca, "ca");
    }

    /** Writes every file; throws {@link BrokerExportException} naming the file that could not be written. */
    public BrokerExport export(BrokerRules rules, BrokerExportSettings settings) {
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(settings, "settings");
        Path dir = settings.targetDir();
        List<Path> written = new ArrayList<>();
        IssuedCredential broker = ca.issueServerCertificate(BrokerCredentials.COMMON_NAME, settings.dnsNames(),
                settings.ipAddresses(), BROKER_CERTIFICATE_VALIDITY);
        writePrivate(dir.resolve(BROKER_KEY_FILE), broker.privateKeyPem(), written);
        write(dir.resolve(BROKER_CERTIFICATE_FILE), broker.certificatePem(), written);
        write(dir.resolve(CA_FILE), ca.certificatePem(), written);
        write(dir.resolve(MOSQUITTO_CONF_FILE), settings.listeners().text(), written);
        MosquittoAclFiles acls = new MosquittoAclFiles(rules.prefix());
        write(dir.resolve(CERTIFIED_ACL_FILE), acls.certified(rules), written);
        write(dir.resolve(DEVICE_ACL_FILE), acls.devices(rules), written);
        MosquittoPasswordFile passwords = MosquittoPasswordFile.of(rules);
        writePrivate(dir.resolve(PASSWORD_FILE), passwords.text(), written);
        if (settings.emqx()) {
            write(dir.resolve(EMQX_ACL_FILE), new EmqxAclFile(rules.prefix()).text(rules), written);
        }
        if (!passwords.skipped().isEmpty()) {
            LOG.warn("Left devices {} out of the Mosquitto password file: the console holds their password only in "
                    + "its own form; reset each one's password to export it", passwords.skipped());
        }
        LOG.info("Exported broker rules for {} agents and {} devices to {}", rules.agents().size(),
                rules.devices().size() - passwords.skipped().size(), dir);
        return new BrokerExport(written, passwords.skipped());
    }

    /** Owner-only from the first byte: the broker key and the password hashes. */
    private static void writePrivate(Path file, String content, List<Path> written) {
        try {
            PrivateFiles.writeOwnerOnly(file, content);
        } catch (PkiException e) {
            throw new BrokerExportException("Cannot write " + file + ": " + e.getMessage(), e);
        }
        written.add(file);
    }

    private static void write(Path file, String content, List<Path> written) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new BrokerExportException("Cannot write " + file + ": " + e.getMessage(), e);
        }
        written.add(file);
    }
}
