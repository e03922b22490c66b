package io.taskrunner.protocol.message;

import io.taskrunner.protocol.Check;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A command or desired bundle as the console signed it: {@code payload} is the inner envelope's JSON text, kept as
 * text so the signature covers exactly the bytes that are verified; {@code signature} is Ed25519 over its UTF-8
 * bytes, Base64.
 */
public record SignedMessage(
        @JsonProperty(required = true) String payload,
        @JsonProperty(required = true) String signature,
        @JsonProperty(required = true) String keyId) implements MessageBody {

    public SignedMessage {
        Check.notBlank(payload, "payload");
        Check.maxLength(Check.notBlank(signature, "signature"), 512, "signature");
        Check.maxLength(Check.notBlank(keyId, "keyId"), 128, "keyId");
    }
}
