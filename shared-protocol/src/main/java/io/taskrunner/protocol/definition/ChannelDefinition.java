package io.taskrunner.protocol.definition;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;

/**
 * A named queue with its own workers. With {@code distinct} a run whose task and parameters equal a run already
 * waiting in the channel is merged into that one instead of queued twice.
 */
public record ChannelDefinition(@JsonProperty(required = true) String name, int workers, boolean distinct) {
    public static final int DEFAULT_WORKERS = 5;
    public static final int MAX_WORKERS = 256;

    public ChannelDefinition {
        Definitions.checkName(name, "name");
        workers = workers == 0 ? DEFAULT_WORKERS : workers;
        Check.range(workers, 1, MAX_WORKERS, "workers");
    }

    public static ChannelDefinition defaultChannel() {
        return new ChannelDefinition(TaskDefinition.DEFAULT_CHANNEL, DEFAULT_WORKERS, false);
    }
}
