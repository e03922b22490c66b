package io.taskrunner.agent.update;

import io.taskrunner.protocol.definition.CommandTask;
import io.taskrunner.protocol.definition.TaskDefinition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Self-update as a run: the console sends a run of the reserved task {@link #TASK} whose job file is an update
 * package; the engine fetches and verifies the file like any job file, then this stages it as the next version
 * ({@link AgentVersions#stage}) and, once the run's end is recorded, ends the agent with {@link #RESTART_EXIT_CODE}
 * so the service manager starts it again, through the launcher, as the new version.
 */
public final class AgentUpdater {
    /** The reserved task name of a self-update. */
    public static final String TASK = "agent-update";
    /** The agent's exit code after staging an update: "start me again" (EX_TEMPFAIL); see the service files. */
    public static final int RESTART_EXIT_CODE = 75;
    /** Time for the run's end to reach the broker before the agent exits (the outbox has it on disk anyway). */
    private static final Duration RESTART_DELAY = Duration.ofSeconds(3);
    private static final Logger LOG = LoggerFactory.getLogger(AgentUpdater.class);

    private final AgentVersions versions;
    private final String runningVersion;
    private final Runnable restart;

    /** @param restart ends the process for a restart; called once an update is staged and its run recorded */
    public AgentUpdater(AgentVersions versions, String runningVersion, Runnable restart) {
        this.versions = versions;
        this.runningVersion = runningVersion;
        this.restart = restart;
    }

    /** The agent's: versions in its data folder, its own version, and {@code System.exit(75)} to restart. */
    public static AgentUpdater forAgent(Path dataDir) {
        return new AgentUpdater(new AgentVersions(dataDir), runningVersion(), () -> System.exit(RESTART_EXIT_CODE));
    }

    /** The version of the agent jar this runs from; {@code dev} when run from classes. */
    public static String runningVersion() {
        String version = AgentUpdater.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /** The definition a run of {@link #TASK} runs under (never executed as a command). */
    public static TaskDefinition definition() {
        return TaskDefinition.of(TASK, new CommandTask(TASK, List.of()));
    }

    /**
     * Stages the verified package.
     *
     * @return the staged version
     * @throws UpdateException when it is not a usable agent package
     */
    public String stage(Path updatePackage) {
        String staged = versions.stage(updatePackage, runningVersion);
        LOG.info("staged agent version {} (running {}); restarting into it", staged, runningVersion);
        return staged;
    }

    public String runningVersionName() {
        return runningVersion;
    }

    /** Restarts the agent shortly, on its own thread. */
    public void restartSoon() {
        CompletableFuture.delayedExecutor(RESTART_DELAY.toMillis(), TimeUnit.MILLISECONDS,
                command -> Thread.ofPlatform().name("agent-update-restart").start(command)).execute(() -> {
                    LOG.info("exiting with code {} so the service manager starts the new version", RESTART_EXIT_CODE);
                    restart.run();
                });
    }
}
