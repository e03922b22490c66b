package io.taskrunner.protocol.definition.schedule;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.Definitions;
import io.taskrunner.protocol.definition.TimeWindow;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A schedule: runs {@code task} with {@code parameters} at the fire times of exactly one kind, inside the agent (so
 * it keeps working while the console and the broker are away). See {@code docs/schedules.md} for the JSON and the
 * daylight-saving rules, and {@link ScheduleTimeline} for the fire times.
 *
 * @param cron              Quartz cron with seconds, e.g. {@code 0 *}{@code /5 * * * ?}
 * @param every             ISO-8601 duration of elapsed time, e.g. {@code PT5M}; at least one second. Counted from
 *                          {@code startDate} when that is set, else from 1970-01-01T00:00Z
 * @param daily             fixed local times, every day or on given days
 * @param once              a local date-time in the zone or an instant with offset
 * @param afterStartSeconds once, this long after each start of the agent
 * @param zone              IANA zone id of the wall-clock kinds, windows and local dates; {@code null}: the agent's
 * @param startDate         no fire time before: a date (its start), a local date-time or an instant
 * @param endDate           no fire time at or after: a date (the end of that day), a local date-time or an instant
 * @param splaySeconds      each agent fires a fixed offset in {@code [0, splaySeconds)} after the nominal time
 * @param windows           when not empty, fire times outside all of these windows are dropped
 * @param blackouts         fire times inside any of these are dropped
 * @param misfire           fire times missed while the agent was down; default {@code run-once}
 * @param misfireLimit      at most this many catch-up runs for {@code run-all}; default 10
 * @param overlap           a firing while the previous run still goes; default {@code skip}
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record ScheduleDefinition(
        @JsonProperty(required = true) String name,
        String description,
        @JsonProperty(required = true) String task,
        Map<String, Object> parameters,
        String cron,
        String every,
        DailyTimes daily,
        String once,
        Long afterStartSeconds,
        String zone,
        String startDate,
        String endDate,
        long splaySeconds,
        Boolean enabled,
        List<TimeWindow> windows,
        List<TimeWindow> blackouts,
        MisfirePolicy misfire,
        int misfireLimit,
        OverlapPolicy overlap) {

    public static final int DEFAULT_MISFIRE_LIMIT = 10;
    public static final int MAX_MISFIRE_LIMIT = 1000;
    public static final long MAX_SPLAY_SECONDS = 24 * 3600;
    public static final long MAX_AFTER_START_SECONDS = 30L * 24 * 3600;

    public ScheduleDefinition {
        Definitions.checkName(name, "name");
        Check.maxLength(description, 1024, "description");
        Definitions.checkName(task, "task");
        parameters = parameters == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(Check.maxSize(parameters, 100, "parameters")));
        checkOneKind(cron, every, daily, once, afterStartSeconds);
        if (cron != null) {
            QuartzCron.parse(cron, "cron");
        }
        if (every != null) {
            period(every);
        }
        ScheduleMoment.check(once, false, "once");
        if (afterStartSeconds != null) {
            Check.range(afterStartSeconds, 0, MAX_AFTER_START_SECONDS, "afterStartSeconds");
        }
        if (zone != null) {
            try {
                ZoneId.of(zone);
            } catch (DateTimeException e) {
                throw new ProtocolException("zone", "'" + zone + "' is not a time zone id like Europe/Berlin or UTC");
            }
        }
        ScheduleMoment.check(startDate, true, "startDate");
        ScheduleMoment.check(endDate, true, "endDate");
        if (startDate != null && endDate != null) {
            ZoneId frame = zone == null ? java.time.ZoneOffset.UTC : ZoneId.of(zone);
            if (!ScheduleMoment.bound(endDate, frame, true).isAfter(ScheduleMoment.bound(startDate, frame, false))) {
                throw new ProtocolException("endDate", "'" + endDate + "' is not after startDate '" + startDate + "'");
            }
        }
        Check.range(splaySeconds, 0, MAX_SPLAY_SECONDS, "splaySeconds");
        windows = Check.listOf(windows, 32, "windows");
        blackouts = Check.listOf(blackouts, 32, "blackouts");
        misfire = misfire == null ? MisfirePolicy.RUN_ONCE : misfire;
        misfireLimit = misfireLimit == 0 ? DEFAULT_MISFIRE_LIMIT : misfireLimit;
        Check.range(misfireLimit, 1, MAX_MISFIRE_LIMIT, "misfireLimit");
        overlap = overlap == null ? OverlapPolicy.SKIP : overlap;
    }

    /** A cron schedule with every other field at its default, for tests and examples. */
    public static ScheduleDefinition cron(String name, String task, String cron) {
        return new ScheduleDefinition(name, null, task, null, cron, null, null, null, null, null, null, null, 0, null,
                null, null, null, 0, null);
    }

    /** An interval schedule ({@code every}, ISO-8601) with every other field at its default. */
    public static ScheduleDefinition every(String name, String task, String every) {
        return new ScheduleDefinition(name, null, task, null, null, every, null, null, null, null, null, null, 0, null,
                null, null, null, 0, null);
    }

    @JsonIgnore
    public boolean isEnabled() {
        return enabled == null || enabled;
    }

    @JsonIgnore
    public ScheduleKind kind() {
        if (cron != null) {
            return ScheduleKind.CRON;
        }
        if (every != null) {
            return ScheduleKind.INTERVAL;
        }
        if (daily != null) {
            return ScheduleKind.DAILY;
        }
        return once != null ? ScheduleKind.ONCE : ScheduleKind.AFTER_START;
    }

    /** The period of an interval schedule. */
    @JsonIgnore
    public Duration period() {
        return period(every);
    }

    public ScheduleDefinition withZone(String newZone) {
        return new ScheduleDefinition(name, description, task, parameters, cron, every, daily, once, afterStartSeconds,
                newZone, startDate, endDate, splaySeconds, enabled, windows, blackouts, misfire, misfireLimit,
                overlap);
    }

    public ScheduleDefinition withPolicies(MisfirePolicy newMisfire, int newMisfireLimit, OverlapPolicy newOverlap) {
        return new ScheduleDefinition(name, description, task, parameters, cron, every, daily, once, afterStartSeconds,
                zone, startDate, endDate, splaySeconds, enabled, windows, blackouts, newMisfire, newMisfireLimit,
                newOverlap);
    }

    public ScheduleDefinition withWindows(List<TimeWindow> newWindows, List<TimeWindow> newBlackouts) {
        return new ScheduleDefinition(name, description, task, parameters, cron, every, daily, once, afterStartSeconds,
                zone, startDate, endDate, splaySeconds, enabled, newWindows, newBlackouts, misfire, misfireLimit,
                overlap);
    }

    public ScheduleDefinition withEnabled(boolean newEnabled) {
        return new ScheduleDefinition(name, description, task, parameters, cron, every, daily, once, afterStartSeconds,
                zone, startDate, endDate, splaySeconds, newEnabled, windows, blackouts, misfire, misfireLimit,
                overlap);
    }

    private static Duration period(String every) {
        Duration period;
        try {
            period = Duration.parse(every);
        } catch (java.time.format.DateTimeParseException e) {
            throw new ProtocolException("every", "'" + every + "' is not an ISO-8601 duration like PT30S, PT5M or PT2H");
        }
        if (period.compareTo(Duration.ofSeconds(1)) < 0 || period.compareTo(Duration.ofDays(366)) > 0) {
            throw new ProtocolException("every", "must be between PT1S and P366D, was " + every);
        }
        return period;
    }

    private static void checkOneKind(String cron, String every, DailyTimes daily, String once, Long afterStart) {
        List<String> set = new ArrayList<>();
        if (cron != null) {
            set.add("cron");
        }
        if (every != null) {
            set.add("every");
        }
        if (daily != null) {
            set.add("daily");
        }
        if (once != null) {
            set.add("once");
        }
        if (afterStart != null) {
            set.add("afterStartSeconds");
        }
        if (set.size() != 1) {
            throw new ProtocolException(set.isEmpty() ? "cron" : set.get(1), "set exactly one of cron, every, daily,"
                    + " once and afterStartSeconds; " + (set.isEmpty() ? "none is set" : "found " + set));
        }
    }
}
