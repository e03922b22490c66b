package io.taskrunner.protocol.message;

import io.taskrunner.protocol.Check;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;

/** A watchdog or threshold alert; {@code recovered} closes the incident it names. */
public record AlertRaised(
        @JsonProperty(required = true) UUID incidentId,
        @JsonProperty(required = true) String rule,
        @JsonProperty(required = true) AlertSeverity severity,
        @JsonProperty(required = true) String message,
        boolean recovered) implements MessageBody {

    public AlertRaised {
        Check.required(incidentId, "incidentId");
        Check.maxLength(Check.notBlank(rule, "rule"), 256, "rule");
        Check.required(severity, "severity");
        Check.maxLength(Check.notBlank(message, "message"), 4096, "message");
    }
}
