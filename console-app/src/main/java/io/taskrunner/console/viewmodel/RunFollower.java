package io.taskrunner.console.viewmodel;

import io.taskrunner.console.service.runs.RunOutputChunk;
import io.taskrunner.console.service.runs.RunService;
import io.taskrunner.console.service.runs.RunSnapshot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the events of one run out of all the run and output events of the console, which arrive on transport
 * threads, and hands them to the UI executor. Events that arrive between {@link #expectRun()} and
 * {@link #follow(UUID)} (the service reports a run before its start future tells the id) are kept and sorted out
 * once the id is known. Output is handed over in batches, with at most one UI task pending, and a chunk re-sent
 * with the same sequence number is dropped.
 */
final class RunFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunFollower.class);
    /** Events kept while the run id is not known yet; a run that floods before its id returns loses the oldest. */
    private static final int EARLY_EVENT_LIMIT = 10_000;

    private final Executor uiExecutor;
    private final Consumer<RunSnapshot> onSnapshot;
    private final Consumer<String> onOutput;
    private final List<AutoCloseable> subscriptions = new ArrayList<>();

    private final Object lock = new Object();
    // guarded by lock
    private UUID runId;
    private boolean awaitingRunId;
    private final List<Object> earlyEvents = new ArrayList<>();
    private final Set<Long> seenOutput = new HashSet<>();
    private final StringBuilder pendingOutput = new StringBuilder();
    private boolean flushScheduled;

    /** The consumers are called on the UI executor. */
    RunFollower(RunService runs, Executor uiExecutor, Consumer<RunSnapshot> onSnapshot, Consumer<String> onOutput) {
        this.uiExecutor = uiExecutor;
        this.onSnapshot = onSnapshot;
        this.onOutput = onOutput;
        subscriptions.add(runs.onRunChanged(this::event));
        subscriptions.add(runs.onOutput(this::event));
    }

    /** A run is being started: forget the previous one and keep what comes until its id is known. */
    void expectRun() {
        synchronized (lock) {
            runId = null;
            awaitingRunId = true;
            earlyEvents.clear();
            seenOutput.clear();
            pendingOutput.setLength(0);
        }
    }

    /** The started run has this id: hand over what came for it so far, and from now on. */
    void follow(UUID id) {
        synchronized (lock) {
            runId = id;
            awaitingRunId = false;
            for (Object event : earlyEvents) {
                if (id.equals(runOf(event))) {
                    accept(event);
                }
            }
            earlyEvents.clear();
        }
    }

    /** The run could not be started: keep nothing. */
    void abandon() {
        synchronized (lock) {
            awaitingRunId = false;
            earlyEvents.clear();
        }
    }

    private void event(Object event) {
        synchronized (lock) {
            if (runId == null) {
                if (awaitingRunId) {
                    if (earlyEvents.size() == EARLY_EVENT_LIMIT) {
                        earlyEvents.removeFirst();
                    }
                    earlyEvents.add(event);
                }
            } else if (runId.equals(runOf(event))) {
                accept(event);
            }
        }
    }

    private static UUID runOf(Object event) {
        return event instanceof RunSnapshot run ? run.runId() : ((RunOutputChunk) event).runId();
    }

    // called with lock held
    private void accept(Object event) {
        if (event instanceof RunSnapshot run) {
            uiExecutor.execute(() -> onSnapshot.accept(run));
        } else if (event instanceof RunOutputChunk chunk && seenOutput.add(chunk.seq())) {
            pendingOutput.append(chunk.text());
            if (!flushScheduled) {
                flushScheduled = true;
                uiExecutor.execute(this::flush);
            }
        }
    }

    private void flush() {
        String text;
        synchronized (lock) {
            text = pendingOutput.toString();
            pendingOutput.setLength(0);
            flushScheduled = false;
        }
        if (!text.isEmpty()) {
            onOutput.accept(text);
        }
    }

    @Override
    public void close() {
        for (AutoCloseable subscription : subscriptions) {
            try {
                subscription.close();
            } catch (Exception e) {
                LOG.warn("could not unsubscribe from run events", e);
            }
        }
        subscriptions.clear();
    }
}
