package io.taskrunner.console.service.enrol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.taskrunner.console.service.certificates.AgentCertificates;
import io.taskrunner.console.service.devices.DeviceCredentialService;
import io.taskrunner.console.service.fleet.DefaultFleetService;
import io.taskrunner.console.service.pki.CertificateAuthority;
import io.taskrunner.console.service.pki.IssuedCredential;
import io.taskrunner.console.service.pki.PrivateFiles;
import io.taskrunner.protocol.Topics;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.enrol.EnrolmentBundle;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Issues agent credentials as an enrolment bundle: a client certificate whose CN is the agent id, the CA, the
 * broker address and the console's command-signing key. The bundle holds a private key and is written owner-only.
 */
public final class EnrolmentService {
    public static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(825);

    private final CertificateAuthority ca;
    private final Supplier<PublicKey> signingKey;
    private final String brokerHost;
    private final int brokerPort;
    private final String topicPrefix;
    private final DefaultFleetService fleet;
    private final DeviceCredentialService devices;
    private final MessageCodec codec;
    /** Null when issued certificates are not recorded (they then cannot be revoked by serial). */
    private final AgentCertificates certificates;

    public EnrolmentService(CertificateAuthority ca, PublicKey signingKey, String brokerHost, int brokerPort,
            String topicPrefix, DefaultFleetService fleet, DeviceCredentialService devices, MessageCodec codec) {
        this(ca, () -> signingKey, brokerHost, brokerPort, topicPrefix, fleet, devices, codec, null);
    }

    /**
     * @param signingKey   the console's current command-signing key, read for each bundle (it changes on rotation)
     * @param certificates records each issued certificate, so that removing the agent revokes it
     */
    public EnrolmentService(CertificateAuthority ca, Supplier<PublicKey> signingKey, String brokerHost,
            int brokerPort, String topicPrefix, DefaultFleetService fleet, DeviceCredentialService devices,
            MessageCodec codec, AgentCertificates certificates) {
        this.certificates = certificates;
        this.ca = ca;
        this.signingKey = signingKey;
        this.brokerHost = brokerHost;
        this.brokerPort = brokerPort;
        this.topicPrefix = topicPrefix;
        this.fleet = fleet;
        this.devices = devices;
        this.codec = codec;
    }

    public EnrolmentBundle enrol(String agentId) {
        Topics.checkLevel(agentId, "agentId");
        if ("console".equals(agentId)) {
            throw new IllegalArgumentException("agentId 'console' is reserved for the console itself");
        }
        // one name, one client: see DefaultDeviceCredentialService
        if (devices.find(agentId).isPresent()) {
            throw new IllegalArgumentException("agentId '" + agentId + "' is the name of a device credential; "
                    + "agent ids and device names must differ");
        }
        IssuedCredential credential = ca.issueClientCertificate(agentId, CERTIFICATE_VALIDITY);
        EnrolmentBundle bundle = new EnrolmentBundle(EnrolmentBundle.FORMAT_VERSION, agentId, brokerHost,
                brokerPort, topicPrefix, ca.certificatePem(), credential.certificatePem(),
                credential.privateKeyPem(),
                io.taskrunner.protocol.security.Ed25519Keys.publicKeyBase64(signingKey.get()));
        if (certificates != null) {
            certificates.issued(agentId, credential.certificate());
        }
        fleet.agentEnrolled(agentId);
        return bundle;
    }

    /** Enrols the agent and writes its bundle to {@code file} (owner-only). */
    public EnrolmentBundle enrolToFile(String agentId, Path file) {
        EnrolmentBundle bundle = enrol(agentId);
        try {
            PrivateFiles.writeOwnerOnly(file, codec.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsBytes(bundle));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the enrolment bundle", e);
        }
        return bundle;
    }
}
