package io.taskrunner.protocol.device;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.definition.Definitions;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.message.RunCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * "Run this program with these arguments": what a caller with the ad-hoc right sends, over HTTP
 * ({@code POST /api/v1/commands}) or MQTT ({@code .../agents/{id}/adhoc}). The arguments reach the program as they
 * are, never through a shell.
 *
 * @param channel        the agent channel to run on; {@code null}: the default channel
 * @param timeoutSeconds 0: the task default
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record AdHocRequest(
        @JsonProperty(required = true) String program,
        List<String> args,
        String channel,
        int timeoutSeconds,
        String workingDir,
        Map<String, String> env,
        long outputLimitBytes) {

    public AdHocRequest {
        Check.notBlank(program, "program");
        args = Check.listOf(args, 1023, "args");
        if (channel != null) {
            Definitions.checkName(channel, "channel");
        }
    }

    /** The console's form of the same request; checks the rest (sizes, timeout range). */
    public RunCommand toRunCommand(UUID runId) {
        List<String> argv = new ArrayList<>(args.size() + 1);
        argv.add(program);
        argv.addAll(args);
        return new RunCommand(runId, argv, workingDir, env,
                timeoutSeconds == 0 ? TaskDefinition.DEFAULT_TIMEOUT_SECONDS : timeoutSeconds, outputLimitBytes);
    }
}
