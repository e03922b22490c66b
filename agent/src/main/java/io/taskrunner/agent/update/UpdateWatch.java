package io.taskrunner.agent.update;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The new version's side of an update: it confirms the update once it reaches its broker; if it has not within
 * {@code onlineWithin}, it points the launcher back at the version before and exits for a restart. A version that
 * crashes before that is handled by the launcher ({@link AgentVersions#selectForStart}).
 */
public final class UpdateWatch {
    private static final Logger LOG = LoggerFactory.getLogger(UpdateWatch.class);

    private final AgentVersions versions;
    private final String runningVersion;
    private final Duration onlineWithin;
    private final Runnable restart;

    public UpdateWatch(AgentVersions versions, String runningVersion, Duration onlineWithin, Runnable restart) {
        this.versions = versions;
        this.runningVersion = runningVersion;
        this.onlineWithin = onlineWithin;
        this.restart = restart;
    }

    /**
     * What to tell the console about the last update at start: a rollback (with its reason), else empty. Logged as a
     * warning here too.
     */
    public Optional<String> rolledBackUpdate() {
        return versions.lastUpdate().filter(update -> update.status() == UpdateState.Status.ROLLED_BACK)
                .map(update -> {
                    String text = "the update from " + name(update.from()) + " to " + update.to()
                            + " was rolled back: " + update.reason();
                    LOG.warn(text);
                    return text;
                });
    }

    /** Checks {@code connected} after {@code onlineWithin}, when an update to this version is pending. */
    public void start(BooleanSupplier connected, ScheduledExecutorService scheduler) {
        boolean pending = versions.lastUpdate().filter(update -> update.status() == UpdateState.Status.PENDING
                && update.to().equals(runningVersion)).isPresent();
        if (pending) {
            scheduler.schedule(() -> deadlinePassed(connected.getAsBoolean()), onlineWithin.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** The connection is up: a pending update to this version is done. */
    public void connected() {
        if (versions.confirm(runningVersion)) {
            LOG.info("update to version {} confirmed: connected to the broker", runningVersion);
        }
    }

    /** {@code onlineWithin} has passed: confirm, or go back and restart. */
    void deadlinePassed(boolean connected) {
        if (connected) {
            connected();
            return;
        }
        if (versions.rollBack(runningVersion, "version " + runningVersion + " did not connect to its broker within "
                + onlineWithin.toSeconds() + " s")) {
            LOG.warn("version {} did not come online within {} s; going back to the version before",
                    runningVersion, onlineWithin.toSeconds());
            restart.run();
        }
    }

    private static String name(String version) {
        return version.isEmpty() ? "the installed version" : version;
    }
}
