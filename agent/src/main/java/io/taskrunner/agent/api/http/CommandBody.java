package io.taskrunner.agent.api.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The JSON body of {@code POST /api/v1/commands}: a program and its arguments, handed to the operating system as
 * they are (never through a shell), with the settings of an inline {@code command} task.
 *
 * @param channel        the channel it waits in; default {@code default}
 * @param timeoutSeconds default one hour
 */
record CommandBody(
        @JsonProperty(required = true) String program,
        List<String> args,
        String channel,
        int timeoutSeconds,
        String workingDir,
        Map<String, String> env,
        long outputLimitBytes,
        int priority,
        int delaySeconds,
        String callbackUrl) {
}
