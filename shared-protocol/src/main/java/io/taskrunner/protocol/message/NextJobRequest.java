package io.taskrunner.protocol.message;

import io.taskrunner.protocol.Check;

/**
 * An agent's {@code $next}: it asks the console for its next pending job execution, on its {@code jobs} topic. The
 * console answers by sending (again) the run-task command of that agent's oldest execution that is waiting for it;
 * an agent that already has the run ignores the copy. Sent on every connect and by {@code taskrunner-agent jobs next}.
 *
 * @param reason why the agent asks ({@link #CONNECTED}, {@link #CLI}, ...), for the console's log; null when not said
 */
public record NextJobRequest(String reason) implements MessageBody {
    public static final String CONNECTED = "connected";
    public static final String CLI = "cli";

    public NextJobRequest {
        Check.maxLength(reason, 64, "reason");
    }
}
