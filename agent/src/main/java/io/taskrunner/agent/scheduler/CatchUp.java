package io.taskrunner.agent.scheduler;

import io.taskrunner.protocol.definition.schedule.MisfirePolicy;
import io.taskrunner.protocol.definition.schedule.ScheduleTimeline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What to do with the fire times in {@code (handledUntil, now]}. Those at most {@link #LATE_TOLERANCE} old are
 * on time and fire; older ones were missed (the agent was down, the machine slept, the clock jumped) and the
 * misfire policy decides: {@code skip} reports them as missed; {@code run-once} fires the latest of them unless an
 * on-time firing follows anyway; {@code run-all} fires the earliest {@code misfireLimit} of them (all submitted,
 * whatever the overlap policy: the task's channel decides how many run at once) and reports the rest as missed. Counting stops at {@link #COUNT_CAP} ("at least" that many were missed).
 *
 * @param firings the fire times to act on, in order; each with how many missed ones it stands for
 * @param missed  how many were dropped (0: none), the latest of them being {@code latestMissed}
 */
record CatchUp(List<Firing> firings, int missed, Instant latestMissed, Instant handledUntil) {
    /** How late a firing may be and still count as on time (a busy machine, a slow wake-up of the timer). */
    static final Duration LATE_TOLERANCE = Duration.ofSeconds(5);
    /** Above the largest misfireLimit, so run-all still counts what it drops. */
    static final int COUNT_CAP = 2_000;

    /** @param catchUp one of {@code run-all}'s catch-up runs, which the overlap policy does not hold back */
    record Firing(Instant scheduledAt, int missed, boolean catchUp) {
    }

    static CatchUp plan(ScheduleTimeline timeline, Instant handledUntil, Instant now, MisfirePolicy policy,
            int misfireLimit) {
        Instant lateUntil = now.minus(LATE_TOLERANCE);
        List<Firing> firings = new ArrayList<>();
        int missed = 0;
        Instant latestMissed = null;
        Instant onTimeFrom = handledUntil;
        if (lateUntil.isAfter(handledUntil)) {
            List<Instant> late = timeline.between(handledUntil, lateUntil, COUNT_CAP);
            if (!late.isEmpty()) {
                Instant latestLate = late.size() < COUNT_CAP ? late.getLast()
                        : timeline.latest(late.getLast(), lateUntil).orElse(late.getLast());
                onTimeFrom = latestLate;
                boolean onTimeFollows = timeline.nextAfter(onTimeFrom).filter(t -> !t.isAfter(now)).isPresent();
                switch (policy) {
                    case SKIP -> {
                        missed = late.size();
                        latestMissed = latestLate;
                    }
                    case RUN_ONCE -> {
                        if (onTimeFollows) {
                            missed = late.size();
                            latestMissed = latestLate;
                        } else {
                            firings.add(new Firing(latestLate, late.size() - 1, false));
                        }
                    }
                    case RUN_ALL -> {
                        int run = Math.min(misfireLimit, late.size());
                        late.subList(0, run).forEach(time -> firings.add(new Firing(time, 0, true)));
                        missed = late.size() - run;
                        latestMissed = missed > 0 ? latestLate : null;
                    }
                }
            }
        }
        Instant last = onTimeFrom;
        for (Instant time : timeline.between(onTimeFrom, now, COUNT_CAP)) {
            firings.add(new Firing(time, 0, false));
            last = time;
        }
        return new CatchUp(firings, missed, latestMissed, last);
    }
}
