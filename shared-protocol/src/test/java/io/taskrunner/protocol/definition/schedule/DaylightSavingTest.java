package io.taskrunner.protocol.definition.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The documented daylight-saving rules (docs/schedules.md) on the 2026 transitions: Europe/Berlin springs forward
 * on 29 March (02:00 -> 03:00) and falls back on 25 October (03:00 -> 02:00); America/New_York on 8 March and
 * 1 November. cron-utils alone skips a fixed time in the gap; the schedule fires it when the gap ends.
 */
class DaylightSavingTest {

    private static List<String> next(ScheduleDefinition schedule, String zone, String from, int count) {
        ScheduleTimeline timeline = new ScheduleTimeline(schedule.withZone(zone), ZoneOffset.UTC, "a", null);
        return timeline.next(OffsetDateTime.parse(from).toInstant(), count).stream()
                .map(time -> time.atZone(ZoneId.of(zone)).toOffsetDateTime().toString()).toList();
    }

    private static ScheduleDefinition cron(String expression) {
        return ScheduleDefinition.cron("s", "t", expression);
    }

    @Test
    void berlinSpringForward_aFixedTimeInTheGap_firesOnceWhenTheGapEnds() {
        assertThat(next(cron("0 30 2 * * ?"), "Europe/Berlin", "2026-03-28T12:00+01:00", 3)).containsExactly(
                "2026-03-29T03:00+02:00", "2026-03-30T02:30+02:00", "2026-03-31T02:30+02:00");
    }

    @Test
    void berlinSpringForward_wildcardHours_skipTheMissingHour_andItsTimesFireOnceAt0300() {
        assertThat(next(cron("0 */20 * * * ?"), "Europe/Berlin", "2026-03-29T01:00+01:00", 5)).containsExactly(
                "2026-03-29T01:20+01:00", "2026-03-29T01:40+01:00", "2026-03-29T03:00+02:00",
                "2026-03-29T03:20+02:00", "2026-03-29T03:40+02:00");
    }

    @Test
    void berlinFallBack_aFixedTimeInTheRepeatedHour_firesAtItsFirstOccurrenceOnly() {
        assertThat(next(cron("0 30 2 * * ?"), "Europe/Berlin", "2026-10-24T12:00+02:00", 3)).containsExactly(
                "2026-10-25T02:30+02:00", "2026-10-26T02:30+01:00", "2026-10-27T02:30+01:00");
    }

    @Test
    void berlinFallBack_wildcardHours_fireInBothPassesOfTheRepeatedHour() {
        assertThat(next(cron("0 */30 * * * ?"), "Europe/Berlin", "2026-10-25T01:00+02:00", 6)).containsExactly(
                "2026-10-25T01:30+02:00", "2026-10-25T02:00+02:00", "2026-10-25T02:30+02:00",
                "2026-10-25T02:00+01:00", "2026-10-25T02:30+01:00", "2026-10-25T03:00+01:00");
    }

    @Test
    void berlinFallBack_searchingFromInsideTheFirstPass_stillFindsTheSecondPass() {
        assertThat(next(cron("0 0 * * * ?"), "Europe/Berlin", "2026-10-25T02:10+02:00", 2)).containsExactly(
                "2026-10-25T02:00+01:00", "2026-10-25T03:00+01:00");
    }

    @Test
    void newYorkSpringForward_dailyTimeInTheGap_firesAt0300() {
        ScheduleDefinition daily = new ScheduleDefinition("s", null, "t", null, null, null,
                new DailyTimes(List.of("02:15"), null), null, null, null, null, null, 0, null, null, null, null, 0,
                null);
        assertThat(next(daily, "America/New_York", "2026-03-07T12:00-05:00", 3)).containsExactly(
                "2026-03-08T03:00-04:00", "2026-03-09T02:15-04:00", "2026-03-10T02:15-04:00");
    }

    @Test
    void newYorkFallBack_dailyAndOnce_fireAtTheFirstOccurrenceOnly() {
        ScheduleDefinition daily = new ScheduleDefinition("s", null, "t", null, null, null,
                new DailyTimes(List.of("01:30"), null), null, null, null, null, null, 0, null, null, null, null, 0,
                null);
        assertThat(next(daily, "America/New_York", "2026-10-31T12:00-04:00", 2)).containsExactly(
                "2026-11-01T01:30-04:00", "2026-11-02T01:30-05:00");
        assertThat(next(ScheduleTimelineTest.once("2026-11-01T01:30", null), "America/New_York",
                "2026-10-31T12:00-04:00", 2)).containsExactly("2026-11-01T01:30-04:00");
    }

    @Test
    void newYorkFallBack_hourlyCron_firesTwiceAt0100() {
        assertThat(next(cron("0 0 * * * ?"), "America/New_York", "2026-11-01T00:30-04:00", 4)).containsExactly(
                "2026-11-01T01:00-04:00", "2026-11-01T01:00-05:00", "2026-11-01T02:00-05:00",
                "2026-11-01T03:00-05:00");
    }

    @Test
    void intervals_areElapsedTime_unaffectedByTheTransition() {
        List<String> times = next(ScheduleDefinition.every("s", "t", "PT1H"), "Europe/Berlin",
                "2026-10-25T00:30+02:00", 4);

        assertThat(times).containsExactly("2026-10-25T01:00+02:00", "2026-10-25T02:00+02:00",
                "2026-10-25T02:00+01:00", "2026-10-25T03:00+01:00");
        List<Instant> instants = times.stream().map(t -> OffsetDateTime.parse(t).toInstant()).toList();
        for (int i = 1; i < instants.size(); i++) {
            assertThat(java.time.Duration.between(instants.get(i - 1), instants.get(i))).hasHours(1);
        }
    }
}
