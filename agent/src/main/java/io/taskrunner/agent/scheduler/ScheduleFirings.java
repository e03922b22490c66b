package io.taskrunner.agent.scheduler;

import io.taskrunner.agent.engine.RunEngine;
import io.taskrunner.agent.engine.RunRequest;
import io.taskrunner.protocol.definition.schedule.OverlapPolicy;
import io.taskrunner.protocol.definition.schedule.ScheduleDefinition;
import io.taskrunner.protocol.definition.schedule.ScheduleTimeline;
import io.taskrunner.protocol.message.MessageBody;
import io.taskrunner.protocol.message.ScheduleFired;
import io.taskrunner.protocol.message.ScheduleOutcome;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a due schedule does: the misfire plan, the overlap decision (under the scheduler's lock), then outside it the
 * submission of the run and the {@link ScheduleFired} event; and the queued run once the previous one finished.
 */
final class ScheduleFirings {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleFirings.class);
    private static final int NEXT_IN_EVENT = 3;

    private final Object lock;
    private final Clock clock;
    private final RunSubmitter submitter;
    private final Consumer<MessageBody> events;
    private final Consumer<Runnable> submissions;
    private volatile boolean closed;

    ScheduleFirings(Object lock, Clock clock, RunSubmitter submitter, Consumer<MessageBody> events,
            Consumer<Runnable> submissions) {
        this.lock = lock;
        this.clock = clock;
        this.submitter = submitter;
        this.events = events;
        this.submissions = submissions;
    }

    /** Decides what the due fire times of {@code state} do; {@code work} gets what to run outside the lock. */
    void handleDue(ScheduleState state, Instant now, List<Runnable> work) {
        ScheduleDefinition definition = state.definition;
        CatchUp plan = CatchUp.plan(state.timeline, state.handledUntil, now, definition.misfire(),
                definition.misfireLimit());
        state.moveTo(AgentScheduler.later(plan.handledUntil(), state.handledUntil));
        Supplier<List<Long>> next = nextMillis(state);
        if (plan.missed() > 0) {
            LOG.info("schedule '{}' missed {} fire times up to {} (misfire policy {})", state.name(), plan.missed(),
                    plan.latestMissed(), definition.misfire().wire());
            state.remember(plan.latestMissed(), now, ScheduleOutcome.MISSED);
            Instant latestMissed = plan.latestMissed();
            int count = plan.missed();
            work.add(() -> record(new ScheduleFired(state.name(), latestMissed.toEpochMilli(), now.toEpochMilli(),
                    ScheduleOutcome.MISSED, null, count, null, next.get())));
        }
        for (CatchUp.Firing firing : plan.firings()) {
            work.add(fire(state, firing, now, next));
        }
    }

    private Runnable fire(ScheduleState state, CatchUp.Firing firing, Instant now, Supplier<List<Long>> next) {
        ScheduleDefinition definition = state.definition;
        RunTracker runs = state.runs;
        RunRequest request = RunRequest.of(definition.task(), definition.parameters(), "schedule:" + state.name());
        boolean busy = !runs.running.isEmpty();
        if (!busy || firing.catchUp() || definition.overlap() == OverlapPolicy.RUN_PARALLEL) {
            runs.running.add(request.runId());
            state.remember(firing.scheduledAt(), now, ScheduleOutcome.STARTED);
            return () -> submit(state, request, firing.scheduledAt(), now, firing.missed(), next);
        }
        ScheduleOutcome outcome = ScheduleOutcome.SKIPPED_OVERLAP;
        UUID runId = null;
        if (definition.overlap() == OverlapPolicy.QUEUE && runs.queued == null) {
            runs.queued = new RunTracker.Queued(request, firing.scheduledAt());
            outcome = ScheduleOutcome.QUEUED;
            runId = request.runId();
        }
        state.remember(firing.scheduledAt(), now, outcome);
        ScheduleOutcome decided = outcome;
        UUID queuedRun = runId;
        return () -> record(new ScheduleFired(state.name(), firing.scheduledAt().toEpochMilli(), now.toEpochMilli(),
                decided, queuedRun, firing.missed(), null, next.get()));
    }

    private void submit(ScheduleState state, RunRequest request, Instant scheduledAt, Instant firedAt, int missed,
            Supplier<List<Long>> next) {
        RunEngine.Submission submission;
        try {
            submission = submitter.submit(request, record -> finished(state, request.runId()));
        } catch (RuntimeException e) {
            LOG.warn("schedule '{}' could not submit its run", state.name(), e);
            submission = new RunEngine.Submission(request.runId(), false, String.valueOf(e.getMessage()));
        }
        if (!submission.accepted()) {
            LOG.warn("schedule '{}': the run of task '{}' was rejected: {}", state.name(), request.task(),
                    submission.error());
            synchronized (lock) {
                state.lastOutcome = ScheduleOutcome.REJECTED;
            }
            finished(state, request.runId());
        }
        record(new ScheduleFired(state.name(), scheduledAt.toEpochMilli(), firedAt.toEpochMilli(),
                submission.accepted() ? ScheduleOutcome.STARTED : ScheduleOutcome.REJECTED,
                submission.accepted() ? request.runId() : null, missed, submission.error(), next.get()));
    }

    /** A run of the schedule ended (or was rejected): starts the queued run when it was the last one running. */
    private void finished(ScheduleState state, UUID runId) {
        RunTracker.Queued queued;
        Supplier<List<Long>> next;
        synchronized (lock) {
            RunTracker runs = state.runs;
            if (!runs.running.remove(runId) || !runs.running.isEmpty() || runs.queued == null || closed) {
                return;
            }
            queued = runs.queued;
            runs.queued = null;
            runs.running.add(queued.request().runId());
            next = nextMillis(state);
        }
        RunTracker.Queued start = queued;
        Instant now = clock.instant();
        dispatch(() -> submit(state, start.request(), start.scheduledAt(), now, 0, next));
    }

    /** Hands {@code work} to the submitting threads; dropped once the scheduler closes. */
    void dispatch(Runnable work) {
        try {
            submissions.accept(work);
        } catch (RejectedExecutionException e) {
            LOG.info("the scheduler is closing; a submission was dropped");
        }
    }

    /** The next fire times as of now, computed later on the submitting thread (the timeline is immutable). */
    private static Supplier<List<Long>> nextMillis(ScheduleState state) {
        if (state.nextFire == null) {
            return List::of;
        }
        ScheduleTimeline timeline = state.timeline;
        Instant from = state.handledUntil;
        return () -> timeline.next(from, NEXT_IN_EVENT).stream().map(Instant::toEpochMilli).toList();
    }

    private void record(ScheduleFired event) {
        try {
            events.accept(event);
        } catch (RuntimeException e) {
            LOG.error("recording the firing of schedule '{}' failed", event.schedule(), e);
        }
    }

    /** From now on, finished runs start no queued ones. */
    void close() {
        closed = true;
    }
}
