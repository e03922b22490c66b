package io.taskrunner.protocol.definition.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The fire times of one schedule: pure computation, no clock of its own, thread-safe. A fire time is the nominal
 * time of the schedule's kind plus the agent's splay offset, kept only when it lies at or after the start, before
 * the end, inside a window (when there are windows) and outside every blackout; all of these are checked on the
 * time the run would start, splay included. Daylight saving follows {@link WallClock} for cron, daily and once;
 * intervals and {@code afterStartSeconds} are elapsed time.
 */
public final class ScheduleTimeline {
    /** Fire times one search may drop to windows, blackouts or a start date before it gives up. */
    private static final int MAX_DROPPED = 10_000;

    private final ScheduleDefinition schedule;
    private final ZoneId zone;
    private final Duration splay;
    private final NominalTimes nominal;
    private final TimeFilter filter;
    private final Instant start;
    private final Instant end;

    /**
     * @param defaultZone    the zone when the schedule names none (the agent's)
     * @param splaySeed      what makes the splay offset differ between agents (the agent id)
     * @param agentStartedAt when the agent started, for {@code afterStartSeconds}; {@code null}: such a schedule has
     *                       no fire times (e.g. when the console asks)
     */
    public ScheduleTimeline(ScheduleDefinition schedule, ZoneId defaultZone, String splaySeed, Instant agentStartedAt) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.zone = schedule.zone() == null ? Objects.requireNonNull(defaultZone, "defaultZone")
                : ZoneId.of(schedule.zone());
        this.splay = Splay.offset(schedule.splaySeconds(), Objects.requireNonNull(splaySeed, "splaySeed"),
                schedule.name());
        this.start = schedule.startDate() == null ? null : ScheduleMoment.bound(schedule.startDate(), zone, false);
        this.end = schedule.endDate() == null ? null : ScheduleMoment.bound(schedule.endDate(), zone, true);
        this.filter = new TimeFilter(schedule.windows(), schedule.blackouts(), zone);
        this.nominal = switch (schedule.kind()) {
            case CRON -> NominalTimes.wallClock(QuartzCron.parse(schedule.cron(), "cron"), zone);
            case DAILY -> NominalTimes.wallClock(new DailyLocalTimes(schedule.daily()), zone);
            case INTERVAL -> NominalTimes.interval(start == null ? Instant.EPOCH : start, schedule.period());
            case ONCE -> NominalTimes.single(ScheduleMoment.instant(schedule.once())
                    .orElseGet(() -> WallClock.earliest(ScheduleMoment.local(schedule.once(), false).orElseThrow(),
                            zone)));
            case AFTER_START -> agentStartedAt == null ? after -> Optional.empty()
                    : NominalTimes.single(agentStartedAt.plusSeconds(schedule.afterStartSeconds()));
        };
    }

    public ScheduleDefinition schedule() {
        return schedule;
    }

    /** The zone the schedule's wall-clock times, windows and local dates are in. */
    public ZoneId zone() {
        return zone;
    }

    /** This agent's fixed offset after each nominal time, in {@code [0, splaySeconds)}. */
    public Duration splay() {
        return splay;
    }

    /** The first fire time strictly after {@code after}, or empty when the schedule fires no more. */
    public Optional<Instant> nextAfter(Instant after) {
        Instant nominalAfter = after.minus(splay);
        for (int dropped = 0; dropped < MAX_DROPPED; dropped++) {
            Optional<Instant> next = nominal.nextAfter(nominalAfter);
            if (next.isEmpty()) {
                return next;
            }
            Instant at = next.get().plus(splay);
            if (end != null && !at.isBefore(end)) {
                return Optional.empty();
            }
            if (start != null && at.isBefore(start)) {
                nominalAfter = start.minus(splay).minusNanos(1);
                continue;
            }
            if (filter.allows(at)) {
                return Optional.of(at);
            }
            Optional<Instant> boundary = filter.nextBoundary(at);
            if (boundary.isEmpty()) {
                return Optional.empty();
            }
            nominalAfter = boundary.get().minus(splay).minusNanos(1);
        }
        return Optional.empty();
    }

    /** The next {@code count} fire times after {@code after} (fewer when the schedule ends). */
    public List<Instant> next(Instant after, int count) {
        List<Instant> times = new ArrayList<>(Math.min(count, 1000));
        Instant cursor = after;
        while (times.size() < count) {
            Optional<Instant> next = nextAfter(cursor);
            if (next.isEmpty()) {
                break;
            }
            times.add(next.get());
            cursor = next.get();
        }
        return times;
    }

    /** The fire times in {@code (after, until]}, at most {@code limit} of them, the earliest first. */
    public List<Instant> between(Instant after, Instant until, int limit) {
        List<Instant> times = new ArrayList<>();
        Instant cursor = after;
        while (times.size() < limit) {
            Optional<Instant> next = nextAfter(cursor).filter(time -> !time.isAfter(until));
            if (next.isEmpty()) {
                break;
            }
            times.add(next.get());
            cursor = next.get();
        }
        return times;
    }

    /**
     * The latest fire time in {@code (after, until]}: looks back from {@code until} over doubling spans, so a long
     * gap with frequent fire times costs a few searches rather than one per fire time.
     */
    public Optional<Instant> latest(Instant after, Instant until) {
        Duration span = Duration.ofSeconds(1);
        while (true) {
            Instant from = until.minus(span);
            boolean whole = !from.isAfter(after);
            Instant searchFrom = whole ? after : from;
            Optional<Instant> first = nextAfter(searchFrom).filter(time -> !time.isAfter(until));
            if (first.isPresent()) {
                Instant last = first.get();
                for (Optional<Instant> next = nextAfter(last); next.isPresent() && !next.get().isAfter(until);
                        next = nextAfter(last)) {
                    last = next.get();
                }
                return Optional.of(last);
            }
            if (whole) {
                return Optional.empty();
            }
            span = span.multipliedBy(2);
        }
    }
}
