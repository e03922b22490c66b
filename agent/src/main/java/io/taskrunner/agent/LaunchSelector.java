package io.taskrunner.agent;

import io.taskrunner.agent.update.AgentVersions;
import java.nio.file.Path;

/**
 * The launcher's first step, run by the start script with the installed agent's jar on the class path:
 * {@code java -cp <installed jar> io.taskrunner.agent.LaunchSelector <data dir> <installed jar>} prints the
 * jar to start (a staged version, or the installed one) and counts a start of a pending update, rolling it back
 * after {@link AgentVersions#MAX_STARTS} starts that did not come online. JDK only; exit code 1 when it fails (the
 * script then starts the installed agent).
 */
public final class LaunchSelector {
    private LaunchSelector() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: LaunchSelector <data dir> <installed agent jar>");
            System.exit(2);
        }
        try {
            System.out.println(new AgentVersions(Path.of(args[0])).selectForStart(Path.of(args[1])));
        } catch (RuntimeException e) {
            System.err.println("cannot choose the agent version: " + e.getMessage());
            System.exit(1);
        }
    }
}
