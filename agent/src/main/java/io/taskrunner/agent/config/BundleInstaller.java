package io.taskrunner.agent.config;

import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.enrol.EnrolmentBundle;
import io.taskrunner.protocol.security.Ed25519Keys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Installs an enrolment bundle from the console into a data folder: PEM files plus {@code agent.json}. */
public final class BundleInstaller {
    private final MessageCodec codec = new MessageCodec();

    public AgentSettings install(Path bundleFile, AgentPaths paths) {
        EnrolmentBundle bundle = read(bundleFile);
        Ed25519Keys.publicKeyFromBase64(bundle.consoleSigningKey());
        try {
            Files.createDirectories(paths.certificatesDir());
            write(paths.tlsFiles().caCertificate(), bundle.caCertificatePem(), false);
            write(paths.tlsFiles().clientCertificate(), bundle.clientCertificatePem(), false);
            write(paths.tlsFiles().clientKey(), bundle.clientKeyPem(), true);
        } catch (IOException e) {
            throw new AgentConfigException("cannot write certificates to " + paths.certificatesDir() + ": "
                    + e.getMessage(), e);
        }
        AgentSettings settings = AgentSettings.of(bundle.agentId(), bundle.brokerHost(), bundle.brokerPort(),
                bundle.topicPrefix(), bundle.consoleSigningKey());
        new SettingsFile().write(paths, settings);
        return settings;
    }

    public EnrolmentBundle read(Path bundleFile) {
        try {
            return codec.readValue(Files.readAllBytes(bundleFile), EnrolmentBundle.class, "bundle");
        } catch (ProtocolException e) {
            throw new AgentConfigException("invalid enrolment bundle " + bundleFile + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new AgentConfigException("cannot read enrolment bundle " + bundleFile + ": " + e, e);
        }
    }

    private static void write(Path file, String content, boolean secret) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        if (secret) {
            restrictToOwner(temp);
        }
        Files.writeString(temp, content, StandardCharsets.US_ASCII);
        Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void restrictToOwner(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }
}
