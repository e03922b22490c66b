package io.taskrunner.protocol.message;

import io.taskrunner.protocol.Check;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The console has stored every event of this agent up to and including {@code upToSeq}. With {@code resend} the
 * agent publishes again whatever it holds after that, e.g. after the console restarted.
 */
public record AckCommand(@JsonProperty(required = true) long upToSeq, boolean resend) implements MessageBody {
    public AckCommand {
        Check.range(upToSeq, 0, Long.MAX_VALUE, "upToSeq");
    }
}
