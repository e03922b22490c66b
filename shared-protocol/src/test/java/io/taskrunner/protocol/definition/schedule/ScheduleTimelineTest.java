package io.taskrunner.protocol.definition.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.protocol.definition.TimeWindow;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fire times of every kind, with windows, blackouts, start/end and splay; daylight saving in its own test. */
class ScheduleTimelineTest {
    private static final ZoneId UTC = ZoneOffset.UTC;

    private static ScheduleTimeline timeline(ScheduleDefinition schedule) {
        return new ScheduleTimeline(schedule, UTC, "agent-01", Instant.parse("2026-06-01T10:00:00Z"));
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    @Test
    void cron_withSeconds_firesAtEachMatchingSecond() {
        ScheduleTimeline cron = timeline(ScheduleDefinition.cron("s", "t", "*/15 * * * * ?"));

        assertThat(cron.next(at("2026-06-01T10:00:07Z"), 4)).containsExactly(at("2026-06-01T10:00:15Z"),
                at("2026-06-01T10:00:30Z"), at("2026-06-01T10:00:45Z"), at("2026-06-01T10:01:00Z"));
    }

    @Test
    void nextAfter_isStrictlyAfter_evenWhenGivenAFireTime() {
        ScheduleTimeline cron = timeline(ScheduleDefinition.cron("s", "t", "0 0 * * * ?"));

        assertThat(cron.nextAfter(at("2026-06-01T10:00:00Z"))).contains(at("2026-06-01T11:00:00Z"));
        assertThat(cron.nextAfter(at("2026-06-01T09:59:59.999Z"))).contains(at("2026-06-01T10:00:00Z"));
    }

    @Test
    void interval_countsElapsedTimeFromTheEpoch_orFromTheStartDate() {
        ScheduleTimeline every = timeline(ScheduleDefinition.every("s", "t", "PT5M"));
        assertThat(every.next(at("2026-06-01T10:02:00Z"), 2)).containsExactly(at("2026-06-01T10:05:00Z"),
                at("2026-06-01T10:10:00Z"));

        ScheduleTimeline anchored = timeline(withStartEnd(ScheduleDefinition.every("s", "t", "PT5M"),
                "2026-06-01T10:01:30Z", null));
        assertThat(anchored.next(at("2026-06-01T09:00:00Z"), 2)).containsExactly(at("2026-06-01T10:01:30Z"),
                at("2026-06-01T10:06:30Z"));
    }

    @Test
    void daily_onGivenDays_firesAtEachTimeOfThoseDaysOnly() {
        ScheduleTimeline weekly = timeline(new ScheduleDefinition("s", null, "t", null, null, null,
                new DailyTimes(List.of("19:30", "07:30"), List.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY)), null, null,
                "Europe/Berlin", null, null, 0, null, null, null, null, 0, null));

        // 2026-06-01 is a Monday; Berlin is UTC+2 in summer
        assertThat(weekly.next(at("2026-06-01T06:00:00Z"), 4)).containsExactly(at("2026-06-01T17:30:00Z"),
                at("2026-06-05T05:30:00Z"), at("2026-06-05T17:30:00Z"), at("2026-06-08T05:30:00Z"));
    }

    @Test
    void once_firesOnce_atALocalTimeInTheZone_orAtAnInstant() {
        ScheduleTimeline local = timeline(once("2026-12-01T08:00", "America/New_York"));
        assertThat(local.next(at("2026-06-01T00:00:00Z"), 3)).containsExactly(at("2026-12-01T13:00:00Z"));
        assertThat(local.nextAfter(at("2026-12-01T13:00:00Z"))).isEmpty();

        ScheduleTimeline instant = timeline(once("2026-12-01T08:00:00+01:00", "America/New_York"));
        assertThat(instant.next(at("2026-06-01T00:00:00Z"), 3)).containsExactly(at("2026-12-01T07:00:00Z"));
    }

    @Test
    void afterStart_firesOnceThatLongAfterTheAgentStarted_andNotWithoutAStart() {
        ScheduleDefinition afterStart = new ScheduleDefinition("s", null, "t", null, null, null, null, null, 30L,
                null, null, null, 0, null, null, null, null, 0, null);

        assertThat(timeline(afterStart).next(at("2026-06-01T09:00:00Z"), 3))
                .containsExactly(at("2026-06-01T10:00:30Z"));
        assertThat(new ScheduleTimeline(afterStart, UTC, "a", null).nextAfter(at("2026-06-01T09:00:00Z"))).isEmpty();
    }

    @Test
    void windows_dropFireTimesOutsideThem_andBlackoutsDropThoseInside() {
        ScheduleDefinition hourly = ScheduleDefinition.cron("s", "t", "0 0 * * * ?");
        ScheduleTimeline inWindow = timeline(hourly.withWindows(List.of(new TimeWindow(null, "22:00", "02:00")),
                null));
        assertThat(inWindow.next(at("2026-06-01T12:00:00Z"), 5)).containsExactly(at("2026-06-01T22:00:00Z"),
                at("2026-06-01T23:00:00Z"), at("2026-06-02T00:00:00Z"), at("2026-06-02T01:00:00Z"),
                at("2026-06-02T22:00:00Z"));

        ScheduleTimeline blackedOut = timeline(hourly.withWindows(null,
                List.of(new TimeWindow(null, "09:00", "17:00"))));
        assertThat(blackedOut.next(at("2026-06-01T07:30:00Z"), 3)).containsExactly(at("2026-06-01T08:00:00Z"),
                at("2026-06-01T17:00:00Z"), at("2026-06-01T18:00:00Z"));
    }

    @Test
    void aSecondlyCronInANarrowWeeklyWindow_findsTheWindowWithoutVisitingEverySecond() {
        ScheduleTimeline sunday = timeline(ScheduleDefinition.cron("s", "t", "* * * * * ?").withWindows(
                List.of(new TimeWindow(List.of(DayOfWeek.SUNDAY), "02:00", "02:00:02")), null));

        // 2026-06-01 is a Monday: the next window is six days later
        assertThat(sunday.next(at("2026-06-01T10:00:00Z"), 3)).containsExactly(at("2026-06-07T02:00:00Z"),
                at("2026-06-07T02:00:01Z"), at("2026-06-14T02:00:00Z"));
    }

    @Test
    void startAndEndDates_boundTheFireTimes_aBareEndDateIncludingItsWholeDay() {
        ScheduleTimeline bounded = timeline(withStartEnd(ScheduleDefinition.cron("s", "t", "0 0 12 * * ?"),
                "2026-06-03", "2026-06-05"));

        assertThat(bounded.next(at("2026-06-01T00:00:00Z"), 10)).containsExactly(at("2026-06-03T12:00:00Z"),
                at("2026-06-04T12:00:00Z"), at("2026-06-05T12:00:00Z"));
    }

    @Test
    void splay_isAFixedOffsetBelowTheSplay_perAgentAndSchedule() {
        ScheduleDefinition spread = withSplay(ScheduleDefinition.cron("s", "t", "0 0 * * * ?"), 600);
        ScheduleTimeline one = new ScheduleTimeline(spread, UTC, "agent-01", null);
        ScheduleTimeline again = new ScheduleTimeline(spread, UTC, "agent-01", null);

        assertThat(one.splay()).isEqualTo(again.splay()).isLessThan(Duration.ofSeconds(600));
        assertThat(one.next(at("2026-06-01T10:30:00Z"), 2)).containsExactly(
                at("2026-06-01T11:00:00Z").plus(one.splay()), at("2026-06-01T12:00:00Z").plus(one.splay()));
        long distinct = java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> new ScheduleTimeline(spread, UTC, "agent-" + i, null).splay()).distinct().count();
        assertThat(distinct).isGreaterThan(40);
    }

    @Test
    void between_andLatest_findMissedFireTimes_bounded() {
        ScheduleTimeline secondly = timeline(ScheduleDefinition.cron("s", "t", "* * * * * ?"));
        Instant from = at("2026-06-01T10:00:00Z");
        Instant until = at("2026-06-03T10:00:00Z");

        assertThat(secondly.between(from, until, 3)).containsExactly(at("2026-06-01T10:00:01Z"),
                at("2026-06-01T10:00:02Z"), at("2026-06-01T10:00:03Z"));
        assertThat(secondly.latest(from, until)).contains(until);
        assertThat(secondly.latest(from, from)).isEmpty();
        ScheduleTimeline daily = timeline(ScheduleDefinition.cron("s", "t", "0 0 12 * * ?"));
        assertThat(daily.latest(from, until)).contains(at("2026-06-02T12:00:00Z"));
    }

    @Test
    void fireTimes_forTheConsole_areInTheSchedulesZone_orTheGivenDefault() {
        assertThat(FireTimes.nextFireTimes(ScheduleDefinition.cron("s", "t", "0 30 7 * * ?"),
                at("2026-05-31T20:00:00Z"), 2, ZoneId.of("Asia/Shanghai"))).extracting(Object::toString)
                .containsExactly("2026-06-01T07:30+08:00[Asia/Shanghai]", "2026-06-02T07:30+08:00[Asia/Shanghai]");
        assertThat(FireTimes.nextFireTimes(ScheduleDefinition.cron("s", "t", "0 30 7 * * ?").withZone("UTC"),
                at("2026-06-01T00:00:00Z"), 1, ZoneId.of("Asia/Shanghai")).getFirst().toOffsetDateTime())
                .isEqualTo(OffsetDateTime.parse("2026-06-01T07:30Z"));
    }

    static ScheduleDefinition once(String when, String zone) {
        return new ScheduleDefinition("s", null, "t", null, null, null, null, when, null, zone, null, null, 0, null,
                null, null, null, 0, null);
    }

    static ScheduleDefinition withStartEnd(ScheduleDefinition s, String start, String end) {
        return new ScheduleDefinition(s.name(), null, s.task(), null, s.cron(), s.every(), s.daily(), s.once(),
                s.afterStartSeconds(), s.zone(), start, end, s.splaySeconds(), null, s.windows(), s.blackouts(),
                null, 0, null);
    }

    static ScheduleDefinition withSplay(ScheduleDefinition s, long splay) {
        return new ScheduleDefinition(s.name(), null, s.task(), null, s.cron(), s.every(), s.daily(), s.once(),
                s.afterStartSeconds(), s.zone(), s.startDate(), s.endDate(), splay, null, s.windows(), s.blackouts(),
                null, 0, null);
    }
}
