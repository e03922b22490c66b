package io.taskrunner.protocol.enrol;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.Topics;

/**
 * Everything an agent needs to join a console, as one JSON file: its identity and client certificate, the CA,
 * the broker address and the console's command-signing key. It holds a private key: the console writes it
 * owner-only and the agent deletes nothing but copies the parts into its data folder.
 */
public record EnrolmentBundle(
        @JsonProperty(required = true) int formatVersion,
        @JsonProperty(required = true) String agentId,
        @JsonProperty(required = true) String brokerHost,
        @JsonProperty(required = true) int brokerPort,
        String topicPrefix,
        @JsonProperty(required = true) String caCertificatePem,
        @JsonProperty(required = true) String clientCertificatePem,
        @JsonProperty(required = true) String clientKeyPem,
        @JsonProperty(required = true) String consoleSigningKey) {

    public static final int FORMAT_VERSION = 1;

    public EnrolmentBundle {
        if (formatVersion != FORMAT_VERSION) {
            throw new ProtocolException("formatVersion", "bundle format " + formatVersion
                    + " is not supported (expected " + FORMAT_VERSION + ")");
        }
        try {
            Topics.checkLevel(agentId, "agentId");
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("agentId", e.getMessage());
        }
        requirePem(caCertificatePem, "caCertificatePem", "CERTIFICATE");
        requirePem(clientCertificatePem, "clientCertificatePem", "CERTIFICATE");
        requirePem(clientKeyPem, "clientKeyPem", "PRIVATE KEY");
        if (brokerHost == null || brokerHost.isBlank()) {
            throw new ProtocolException("brokerHost", "is required");
        }
        if (brokerPort < 1 || brokerPort > 65535) {
            throw new ProtocolException("brokerPort", "must be between 1 and 65535, was " + brokerPort);
        }
        if (consoleSigningKey == null || consoleSigningKey.isBlank()) {
            throw new ProtocolException("consoleSigningKey", "is required");
        }
        topicPrefix = topicPrefix == null ? Topics.DEFAULT_PREFIX : topicPrefix;
    }

    private static void requirePem(String pem, String field, String label) {
        if (pem == null || !pem.contains("-----BEGIN " + label + "-----")) {
            throw new ProtocolException(field, "must be a PEM block of type " + label);
        }
    }

    @Override
    public String toString() {
        return "EnrolmentBundle[agentId=" + agentId + ", broker=" + brokerHost + ":" + brokerPort + "]";
    }
}
