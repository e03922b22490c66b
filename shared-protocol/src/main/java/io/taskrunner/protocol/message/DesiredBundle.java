package io.taskrunner.protocol.message;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.definition.DefinitionSet;

/** Everything an agent should hold, versioned; retained and signed on {@code agents/{id}/desired}. */
public record DesiredBundle(
        @JsonProperty(required = true) long version,
        @JsonProperty(required = true) DefinitionSet definitions) implements MessageBody {

    public DesiredBundle {
        Check.range(version, 1, Long.MAX_VALUE, "version");
        Check.required(definitions, "definitions");
    }
}
