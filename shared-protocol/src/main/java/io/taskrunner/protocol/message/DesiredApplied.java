package io.taskrunner.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;

/**
 * The agent's answer to a desired bundle: applied, or refused with the exact reason (the bundle it had stays in
 * force).
 *
 * @param version the bundle's version
 * @param applied whether the agent now runs this bundle
 * @param field   the path of what was wrong (e.g. {@code definitions.triggers[0].task}), or {@code null}
 * @param error   why it was refused, or {@code null} when applied
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DesiredApplied(
        @JsonProperty(required = true) long version,
        @JsonProperty(required = true) boolean applied,
        String field,
        String error) implements MessageBody {

    public DesiredApplied {
        Check.range(version, 0, Long.MAX_VALUE, "version");
        Check.maxLength(field, 512, "field");
        Check.maxLength(error, 4096, "error");
        if (!applied) {
            Check.notBlank(error, "error");
        }
    }
}
