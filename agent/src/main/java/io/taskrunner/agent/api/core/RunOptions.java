package io.taskrunner.agent.api.core;

import io.taskrunner.protocol.Check;
import java.net.URI;

/**
 * How a caller wants its run: {@code priority} within the channel, a delay, and where to POST the result.
 *
 * @param callbackUrl checked by {@link CallbackSender#check}, or {@code null}
 */
public record RunOptions(int priority, int delaySeconds, URI callbackUrl) {
    public static final RunOptions NONE = new RunOptions(0, 0, null);

    public RunOptions {
        Check.range(priority, -1000, 1000, "priority");
        Check.range(delaySeconds, 0, 7 * 24 * 3600, "delaySeconds");
    }
}
