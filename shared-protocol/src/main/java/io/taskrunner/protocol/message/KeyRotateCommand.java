package io.taskrunner.protocol.message;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;

/**
 * The console announces its next command-signing key, signed with the key the agent trusts now. Once the agent has
 * stored the new key it trusts only that one and answers {@link KeyRotated}.
 *
 * @param keyId     the new key's id (first 16 hex digits of the SHA-256 of its encoding); the agent checks it
 * @param publicKey the new Ed25519 public key, Base64 of its X.509 SubjectPublicKeyInfo
 * @param validFrom when the console made the key (epoch milliseconds); the agent logs it, the console shows it in
 *                  its rotation status
 */
public record KeyRotateCommand(
        @JsonProperty(required = true) String keyId,
        @JsonProperty(required = true) String publicKey,
        @JsonProperty(required = true) long validFrom) implements MessageBody {

    public KeyRotateCommand {
        Check.maxLength(Check.notBlank(keyId, "keyId"), 128, "keyId");
        Check.maxLength(Check.notBlank(publicKey, "publicKey"), 1024, "publicKey");
        Check.range(validFrom, 1, Long.MAX_VALUE, "validFrom");
    }
}
