package io.taskrunner.protocol.message;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;

/**
 * The agent now holds the console's new signing key and refuses anything signed with the one before; the console
 * signs this agent's commands and bundles with the new key from here on.
 *
 * @param keyId         the key the agent trusts now
 * @param previousKeyId the key it trusted before and refuses from now on
 */
public record KeyRotated(
        @JsonProperty(required = true) String keyId,
        @JsonProperty(required = true) String previousKeyId) implements MessageBody {

    public KeyRotated {
        Check.maxLength(Check.notBlank(keyId, "keyId"), 128, "keyId");
        Check.maxLength(Check.notBlank(previousKeyId, "previousKeyId"), 128, "previousKeyId");
    }
}
