package io.taskrunner.agent.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.agent.MutableClock;
import io.taskrunner.agent.engine.RunRequest;
import io.taskrunner.agent.store.AgentStore;
import io.taskrunner.protocol.definition.TimeWindow;
import io.taskrunner.protocol.definition.schedule.DailyTimes;
import io.taskrunner.protocol.definition.schedule.MisfirePolicy;
import io.taskrunner.protocol.definition.schedule.OverlapPolicy;
import io.taskrunner.protocol.definition.schedule.ScheduleDefinition;
import io.taskrunner.protocol.message.MessageBody;
import io.taskrunner.protocol.message.ScheduleFired;
import io.taskrunner.protocol.message.ScheduleOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler driven by a test clock through {@code runDue()}, over a real agent store file: firing, windows,
 * misfires across a simulated downtime (close, move the clock, open a new scheduler on the same store), a wall-clock
 * jump, and the overlap policies with runs that finish only when the test says so.
 */
class AgentSchedulerTest {
    private static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(T0);
    private final FakeSubmitter runs = new FakeSubmitter();
    private final List<ScheduleFired> fired = new CopyOnWriteArrayList<>();
    private AgentStore store;
    private AgentScheduler scheduler;

    @BeforeEach
    void open() {
        store = AgentStore.open(dir.resolve("agent-store.mv.db"));
        scheduler = newScheduler();
    }

    @AfterEach
    void close() {
        scheduler.close();
        store.close();
    }

    private AgentScheduler newScheduler() {
        return new AgentScheduler(clock, ZoneOffset.UTC, "agent-01", store.records(AgentScheduler.STORE_NAME), runs,
                this::record, Runnable::run);
    }

    private void record(MessageBody body) {
        fired.add((ScheduleFired) body);
    }

    /** Closes the scheduler and the store, as a stopped agent does, and starts both again at {@code restartAt}. */
    private void restartAt(Instant restartAt, List<ScheduleDefinition> schedules) {
        scheduler.close();
        store.close();
        clock.set(restartAt);
        store = AgentStore.open(dir.resolve("agent-store.mv.db"));
        scheduler = newScheduler();
        scheduler.update(schedules);
    }

    private void at(String instant) {
        clock.set(Instant.parse(instant));
        scheduler.runDue();
    }

    private static long millis(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void cronWithSeconds_firesEachDueTime_withTheScheduleAsSource() {
        scheduler.update(List.of(new ScheduleDefinition("poll", null, "poll-plc", Map.of("line", 3), "*/10 * * * * ?",
                null, null, null, null, null, null, null, 0, null, null, null, null, 0, null)));

        at("2026-06-01T10:00:05Z");
        assertThat(runs.submitted).isEmpty();
        at("2026-06-01T10:00:10.004Z");

        assertThat(runs.submitted).singleElement().satisfies(request -> {
            assertThat(request.task()).isEqualTo("poll-plc");
            assertThat(request.source()).isEqualTo("schedule:poll");
            assertThat(request.parameters()).isEqualTo(Map.of("line", 3));
        });
        assertThat(fired).singleElement().satisfies(event -> {
            assertThat(event.outcome()).isEqualTo(ScheduleOutcome.STARTED);
            assertThat(event.scheduledAt()).isEqualTo(millis("2026-06-01T10:00:10Z"));
            assertThat(event.firedAt()).isEqualTo(millis("2026-06-01T10:00:10.004Z"));
            assertThat(event.runId()).isEqualTo(runs.submitted.getFirst().runId());
            assertThat(event.next()).containsExactly(millis("2026-06-01T10:00:20Z"), millis("2026-06-01T10:00:30Z"),
                    millis("2026-06-01T10:00:40Z"));
        });
        runs.finishAll();
        at("2026-06-01T10:00:20Z");
        assertThat(runs.submitted).hasSize(2);
    }

    @Test
    void interval_insideAWindowOnly_firesOnlyWhileTheWindowIsOpen() {
        scheduler.update(List.of(ScheduleDefinition.every("sync", "sync", "PT30M").withWindows(
                List.of(new TimeWindow(null, "11:00", "12:00")), null)));

        for (Instant t = T0; t.isBefore(Instant.parse("2026-06-01T13:00:00Z")); t = t.plus(Duration.ofMinutes(30))) {
            clock.set(t);
            scheduler.runDue();
            runs.finishAll();
        }

        assertThat(fired).extracting(ScheduleFired::scheduledAt).containsExactly(millis("2026-06-01T11:00:00Z"),
                millis("2026-06-01T11:30:00Z"));
    }

    @Test
    void misfireSkip_afterADowntime_reportsTheMissedTimesAndRunsNothingForThem() {
        List<ScheduleDefinition> hourly = List.of(hourly(MisfirePolicy.SKIP, 0));
        scheduler.update(hourly);
        at("2026-06-01T11:00:00Z");
        runs.finishAll();

        restartAt(Instant.parse("2026-06-01T15:30:00Z"), hourly);
        scheduler.runDue();

        assertThat(runs.submitted).hasSize(1);
        assertThat(fired.getLast()).satisfies(event -> {
            assertThat(event.outcome()).isEqualTo(ScheduleOutcome.MISSED);
            assertThat(event.missed()).isEqualTo(4);
            assertThat(event.scheduledAt()).isEqualTo(millis("2026-06-01T15:00:00Z"));
        });
        at("2026-06-01T16:00:00Z");
        assertThat(runs.submitted).hasSize(2);
        assertThat(fired.getLast().outcome()).isEqualTo(ScheduleOutcome.STARTED);
    }

    @Test
    void misfireRunOnce_afterADowntime_runsOnceForTheLatestMissedTime() {
        List<ScheduleDefinition> hourly = List.of(hourly(MisfirePolicy.RUN_ONCE, 0));
        scheduler.update(hourly);
        at("2026-06-01T11:00:00Z");
        runs.finishAll();

        restartAt(Instant.parse("2026-06-01T15:30:00Z"), hourly);
        scheduler.runDue();

        assertThat(runs.submitted).hasSize(2);
        assertThat(fired.getLast()).satisfies(event -> {
            assertThat(event.outcome()).isEqualTo(ScheduleOutcome.STARTED);
            assertThat(event.scheduledAt()).isEqualTo(millis("2026-06-01T15:00:00Z"));
            assertThat(event.firedAt()).isEqualTo(millis("2026-06-01T15:30:00Z"));
            assertThat(event.missed()).isEqualTo(3);
        });
        scheduler.runDue();
        assertThat(runs.submitted).hasSize(2);
    }

    @Test
    void misfireRunAll_afterADowntime_runsTheEarliestUpToTheLimit_andReportsTheRest_whateverTheOverlap() {
        List<ScheduleDefinition> hourly = List.of(hourly(MisfirePolicy.RUN_ALL, 3)); // overlap: skip
        scheduler.update(hourly);
        at("2026-06-01T11:00:00Z");

        restartAt(Instant.parse("2026-06-01T16:30:00Z"), hourly);
        scheduler.runDue();

        assertThat(fired.subList(1, fired.size())).extracting(ScheduleFired::outcome, ScheduleFired::scheduledAt)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ScheduleOutcome.MISSED, millis("2026-06-01T16:00:00Z")),
                        org.assertj.core.groups.Tuple.tuple(ScheduleOutcome.STARTED, millis("2026-06-01T12:00:00Z")),
                        org.assertj.core.groups.Tuple.tuple(ScheduleOutcome.STARTED, millis("2026-06-01T13:00:00Z")),
                        org.assertj.core.groups.Tuple.tuple(ScheduleOutcome.STARTED, millis("2026-06-01T14:00:00Z")));
        assertThat(fired.get(1).missed()).isEqualTo(2);
        assertThat(runs.submitted).hasSize(4);
    }

    @Test
    void aMonthOfDowntime_ofAnEverySecondSchedule_capsTheMissedCount_andGoesOnFromTheLatest() {
        List<ScheduleDefinition> secondly = List.of(ScheduleDefinition.cron("tick", "t", "* * * * * ?"));
        scheduler.update(secondly);
        at("2026-06-01T10:00:01Z");
        runs.finishAll();

        restartAt(Instant.parse("2026-07-01T10:00:00Z"), secondly);
        scheduler.runDue();

        assertThat(fired.get(1)).satisfies(event -> {
            assertThat(event.outcome()).isEqualTo(ScheduleOutcome.MISSED);
            assertThat(event.missed()).isEqualTo(CatchUp.COUNT_CAP);
            assertThat(event.scheduledAt()).isEqualTo(millis("2026-07-01T09:59:55Z"));
        });
        // the fire times of the last five seconds are on time: one runs, the others overlap it
        assertThat(fired.subList(2, fired.size())).extracting(ScheduleFired::outcome).containsExactly(
                ScheduleOutcome.STARTED, ScheduleOutcome.SKIPPED_OVERLAP, ScheduleOutcome.SKIPPED_OVERLAP,
                ScheduleOutcome.SKIPPED_OVERLAP, ScheduleOutcome.SKIPPED_OVERLAP);
    }

    @Test
    void aScheduleChangedWhileTheAgentWasDown_doesNotCatchUpOnItsOldSelf() {
        scheduler.update(List.of(hourly(MisfirePolicy.RUN_ALL, 10)));
        at("2026-06-01T11:00:00Z");

        restartAt(Instant.parse("2026-06-01T15:30:00Z"), List.of(hourly(MisfirePolicy.RUN_ALL, 10)
                .withZone("Europe/Berlin")));
        scheduler.runDue();

        assertThat(runs.submitted).hasSize(1);
        assertThat(scheduler.status().getFirst().next().getFirst()).isEqualTo(Instant.parse("2026-06-01T16:00:00Z"));
    }

    @Test
    void aWallClockJumpForward_whileRunning_goesThroughTheMisfirePolicy() {
        scheduler.update(List.of(hourly(MisfirePolicy.SKIP, 0)));
        at("2026-06-01T11:00:00Z");
        runs.finishAll();

        at("2026-06-01T14:20:00Z"); // the machine slept from 11:10 to 14:20

        assertThat(runs.submitted).hasSize(1);
        assertThat(fired.getLast().outcome()).isEqualTo(ScheduleOutcome.MISSED);
        assertThat(fired.getLast().missed()).isEqualTo(3);
    }

    @Test
    void slightlyLateTimer_stillFiresNormally_notAsAMisfire() {
        scheduler.update(List.of(hourly(MisfirePolicy.SKIP, 0)));

        at("2026-06-01T11:00:03Z");

        assertThat(fired).singleElement().extracting(ScheduleFired::outcome).isEqualTo(ScheduleOutcome.STARTED);
    }

    @Test
    void overlapSkip_whileTheRunGoes_skipsTheFiring_andFiresAgainOnceItFinished() {
        scheduler.update(List.of(every("PT1M", OverlapPolicy.SKIP)));
        at("2026-06-01T10:01:00Z");
        at("2026-06-01T10:02:00Z");

        assertThat(runs.submitted).hasSize(1);
        assertThat(fired.getLast().outcome()).isEqualTo(ScheduleOutcome.SKIPPED_OVERLAP);
        runs.finishAll();
        at("2026-06-01T10:03:00Z");
        assertThat(runs.submitted).hasSize(2);
        assertThat(fired.getLast().outcome()).isEqualTo(ScheduleOutcome.STARTED);
    }

    @Test
    void overlapQueue_queuesOneRun_whichStartsWhenThePreviousFinishes() {
        scheduler.update(List.of(every("PT1M", OverlapPolicy.QUEUE)));
        at("2026-06-01T10:01:00Z");
        at("2026-06-01T10:02:00Z");
        at("2026-06-01T10:03:00Z");

        assertThat(fired).extracting(ScheduleFired::outcome).containsExactly(ScheduleOutcome.STARTED,
                ScheduleOutcome.QUEUED, ScheduleOutcome.SKIPPED_OVERLAP);
        assertThat(runs.submitted).hasSize(1);
        runs.finish(runs.submitted.getFirst().runId());

        assertThat(runs.submitted).hasSize(2);
        assertThat(runs.submitted.get(1).runId()).isEqualTo(fired.get(1).runId());
        assertThat(fired.getLast().outcome()).isEqualTo(ScheduleOutcome.STARTED);
        assertThat(fired.getLast().scheduledAt()).isEqualTo(millis("2026-06-01T10:02:00Z"));
        assertThat(scheduler.status().getFirst().running()).isEqualTo(1);
    }

    @Test
    void overlapRunParallel_startsEveryFiring() {
        scheduler.update(List.of(every("PT1M", OverlapPolicy.RUN_PARALLEL)));
        at("2026-06-01T10:01:00Z");
        at("2026-06-01T10:02:00Z");

        assertThat(runs.submitted).hasSize(2);
        assertThat(scheduler.status().getFirst().running()).isEqualTo(2);
    }

    @Test
    void aRejectedRun_isReportedWithTheReason_andDoesNotBlockTheNext() {
        runs.rejectWith = "unknown task 'nope'";
        scheduler.update(List.of(every("PT1M", OverlapPolicy.SKIP)));
        at("2026-06-01T10:01:00Z");
        at("2026-06-01T10:02:00Z");

        assertThat(fired).extracting(ScheduleFired::outcome).containsExactly(ScheduleOutcome.REJECTED,
                ScheduleOutcome.REJECTED);
        assertThat(fired.getFirst().error()).isEqualTo("unknown task 'nope'");
        assertThat(scheduler.status().getFirst().lastOutcome()).isEqualTo(ScheduleOutcome.REJECTED);
    }

    @Test
    void update_keepsUnchangedSchedules_dropsRemovedOnes_andDisabledOnesDoNotFire() {
        ScheduleDefinition keep = every("PT1M", OverlapPolicy.SKIP);
        scheduler.update(List.of(keep, ScheduleDefinition.every("gone", "t", "PT1M")));
        at("2026-06-01T10:01:00Z");

        scheduler.update(List.of(keep, ScheduleDefinition.every("off", "t", "PT1M").withEnabled(false)));
        at("2026-06-01T10:02:00Z");

        // "every" still had its run going: the unchanged schedule kept that state and skipped
        assertThat(fired.getLast().outcome()).isEqualTo(ScheduleOutcome.SKIPPED_OVERLAP);
        assertThat(scheduler.status()).extracting(ScheduleStatus::name).containsExactly("every", "off");
        assertThat(scheduler.status().get(1).next()).isEmpty();
        assertThat(store.records(AgentScheduler.STORE_NAME).get("gone")).isEmpty();
        assertThat(runs.submitted).extracting(RunRequest::source).containsOnly("schedule:every", "schedule:gone");
    }

    @Test
    void status_showsNextFireTimesAndTheLastFiring_alsoAfterARestart() {
        List<ScheduleDefinition> hourly = List.of(hourly(MisfirePolicy.SKIP, 0));
        scheduler.update(hourly);
        at("2026-06-01T11:00:00.010Z");

        restartAt(Instant.parse("2026-06-01T11:20:00Z"), hourly);

        ScheduleStatus status = scheduler.status().getFirst();
        assertThat(status.enabled()).isTrue();
        assertThat(status.lastScheduledAt()).isEqualTo(Instant.parse("2026-06-01T11:00:00Z"));
        assertThat(status.lastFiredAt()).isEqualTo(Instant.parse("2026-06-01T11:00:00.010Z"));
        assertThat(status.lastOutcome()).isEqualTo(ScheduleOutcome.STARTED);
        assertThat(status.next()).hasSize(5).first().isEqualTo(Instant.parse("2026-06-01T12:00:00Z"));
    }

    @Test
    void dailyTimeInTheBerlinSpringForwardGap_firesWhenTheGapEnds() {
        clock.set(Instant.parse("2026-03-28T12:00:00Z"));
        scheduler.update(List.of(new ScheduleDefinition("night", null, "t", null, null, null,
                new DailyTimes(List.of("02:30"), null), null, null, "Europe/Berlin", null, null, 0, null, null, null,
                null, 0, null)));

        assertThat(scheduler.nextDue()).contains(ZoneId.of("Europe/Berlin").getRules()
                .getTransition(java.time.LocalDateTime.parse("2026-03-29T02:30")).getInstant());
        at("2026-03-29T01:00:00Z"); // 03:00 CEST
        assertThat(fired).singleElement().extracting(ScheduleFired::scheduledAt)
                .isEqualTo(millis("2026-03-29T01:00:00Z"));
    }

    @Test
    void afterStart_firesOnceThatLongAfterTheAgentStarted_evenWhenTheDefinitionsCameLater() {
        clock.advance(Duration.ofSeconds(2)); // the scheduler was created at T0, the definitions arrive 2 s later
        scheduler.update(List.of(new ScheduleDefinition("warm-up", null, "t", null, null, null, null, null, 0L, null,
                null, null, 0, null, null, null, null, 0, null)));

        scheduler.runDue();
        at("2026-06-01T11:00:00Z");

        assertThat(fired).singleElement().satisfies(event -> {
            assertThat(event.outcome()).isEqualTo(ScheduleOutcome.STARTED);
            assertThat(event.scheduledAt()).isEqualTo(T0.toEpochMilli());
            assertThat(event.next()).isEmpty();
        });
    }

    @Test
    void aClockSetBack_goesOnFromTheNewTime_insteadOfWaitingForTheOldOne() {
        scheduler.update(List.of(hourly(MisfirePolicy.SKIP, 0)));
        at("2026-06-01T18:00:00Z"); // a wrong clock ran ahead
        runs.finishAll();
        int before = runs.submitted.size();

        at("2026-06-01T11:30:00Z"); // corrected back
        at("2026-06-01T12:00:00Z");

        assertThat(runs.submitted).hasSize(before + 1);
        assertThat(fired.getLast().scheduledAt()).isEqualTo(millis("2026-06-01T12:00:00Z"));
    }

    private static ScheduleDefinition hourly(MisfirePolicy misfire, int limit) {
        return ScheduleDefinition.cron("hourly", "report", "0 0 * * * ?").withPolicies(misfire, limit,
                OverlapPolicy.SKIP);
    }

    private static ScheduleDefinition every(String period, OverlapPolicy overlap) {
        return ScheduleDefinition.every("every", "work", period).withPolicies(MisfirePolicy.SKIP, 0, overlap);
    }
}
