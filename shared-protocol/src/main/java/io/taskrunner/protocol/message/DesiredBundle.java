package io.taskrunner.protocol.message;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Everything an agent should hold, versioned; retained and signed on {@code agents/{id}/desired}. */
public record DesiredBundle(
        @JsonProperty(required = true) long version,
        List<TaskDefinition> tasks) implements MessageBody {

    public DesiredBundle {
        Check.range(version, 1, Long.MAX_VALUE, "version");
        tasks = tasks == null ? List.of() : List.copyOf(Check.maxSize(tasks, 10_000, "tasks"));
    }
}
