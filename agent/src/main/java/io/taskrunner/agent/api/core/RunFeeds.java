package io.taskrunner.agent.api.core;

import io.taskrunner.agent.api.auth.Caller;
import io.taskrunner.agent.engine.RunLogs;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

/** Opens {@link RunFeed}s: the output and lifecycle of a run a caller may see. */
public final class RunFeeds {
    private final ApiRuns runs;
    private final RunLogs logs;
    private final RunEventHub hub;

    public RunFeeds(ApiRuns runs, RunLogs logs, RunEventHub hub) {
        this.runs = runs;
        this.logs = logs;
        this.hub = hub;
    }

    /** @throws ApiException 404 when there is no such run or the caller may not see it */
    public RunFeed open(Caller caller, UUID runId) {
        RunView run = runs.visible(caller, runId);
        RunFeed feed = new RunFeed(runId, logs, runs::finishedView);
        LocalDate since = run.acceptedAt() == null ? LocalDate.now(ZoneOffset.UTC)
                : LocalDate.ofInstant(Instant.ofEpochMilli(run.acceptedAt()), ZoneOffset.UTC);
        feed.open(hub, run.task(), since, () -> runs.find(runId));
        return feed;
    }
}
