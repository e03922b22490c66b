package io.taskrunner.protocol.message;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;

/** One queue's figures: workers, runs now running, waiting (ready or delayed), and finished since start. */
public record ChannelStatus(
        @JsonProperty(required = true) String name,
        int workers,
        int running,
        int queued,
        int delayed,
        long succeeded,
        long failed) {

    public ChannelStatus {
        Check.notBlank(name, "name");
        Check.range(workers, 0, Integer.MAX_VALUE, "workers");
        Check.range(running, 0, Integer.MAX_VALUE, "running");
        Check.range(queued, 0, Integer.MAX_VALUE, "queued");
        Check.range(delayed, 0, Integer.MAX_VALUE, "delayed");
        Check.range(succeeded, 0, Long.MAX_VALUE, "succeeded");
        Check.range(failed, 0, Long.MAX_VALUE, "failed");
    }
}
