package io.taskrunner.protocol.definition.watchdog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import java.util.List;
import java.util.Map;

/**
 * A program the agent starts and keeps running itself (like supervisord's {@code [program:x]}): its exit is seen
 * at once, not at the next interval. No shell is involved; each of {@code args} reaches the program as one argument.
 *
 * @param program          the executable, looked up on the agent's {@code PATH}
 * @param args             its arguments
 * @param workingDir       where it starts; {@code null}: the agent's working folder
 * @param env              variables added to the agent's environment
 * @param stopGraceSeconds how long it may take to end after a polite stop (SIGTERM) before it is killed; 0: 10 s
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record ProgramCheck(
        @JsonProperty(required = true) String program,
        List<String> args,
        String workingDir,
        Map<String, String> env,
        int stopGraceSeconds) implements WatchdogCheck {

    public static final int DEFAULT_STOP_GRACE_SECONDS = 10;

    public ProgramCheck {
        Check.maxLength(Check.notBlank(program, "program"), 4096, "program");
        args = Check.listOf(args, 256, "args");
        for (int i = 0; i < args.size(); i++) {
            Check.maxLength(args.get(i), 32 * 1024, "args[" + i + "]");
        }
        Check.maxLength(workingDir, 4096, "workingDir");
        env = Check.mapOf(env, 256, "env");
        env.forEach((key, value) -> {
            if (key.isEmpty() || key.indexOf('=') >= 0 || key.indexOf('\0') >= 0) {
                throw new ProtocolException("env", "'" + key + "' is not a valid variable name");
            }
        });
        stopGraceSeconds = stopGraceSeconds == 0 ? DEFAULT_STOP_GRACE_SECONDS : stopGraceSeconds;
        Check.range(stopGraceSeconds, 1, 3600, "stopGraceSeconds");
    }
}
