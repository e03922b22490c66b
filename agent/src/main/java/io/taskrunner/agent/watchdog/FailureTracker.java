package io.taskrunner.agent.watchdog;

import io.taskrunner.protocol.definition.watchdog.Threshold;
import java.time.Duration;
import java.time.Instant;

/**
 * Counts a check's failures in a row and says when to climb the escalation ladder: the first step once the
 * threshold is reached, then one step per further failure, never past the last step. A last step that restarts a
 * program is taken again on every further failure (the program's restart budget bounds it); any other last step
 * is taken once per incident. A healthy check after any step was taken is a recovery. Not thread-safe (one rule,
 * one check at a time).
 */
final class FailureTracker {

    /** What to do after a check: nothing, the ladder step of that index, or close the incident. */
    record Decision(int step, boolean recovered) {
        static final Decision NOTHING = new Decision(-1, false);
        static final Decision RECOVERED = new Decision(-1, true);

        boolean takesStep() {
            return step >= 0;
        }
    }

    private final Threshold threshold;
    private final int steps;
    private final boolean repeatLast;
    private int failures;
    private Instant failingSince;
    private int stepsTaken;

    /** @param repeatLast whether the last step is taken again on each further failure */
    FailureTracker(Threshold threshold, int steps, boolean repeatLast) {
        this.threshold = threshold;
        this.steps = steps;
        this.repeatLast = repeatLast;
    }

    Decision healthy() {
        boolean hadIncident = stepsTaken > 0;
        failures = 0;
        failingSince = null;
        stepsTaken = 0;
        return hadIncident ? Decision.RECOVERED : Decision.NOTHING;
    }

    Decision failed(Instant now) {
        failures++;
        if (failingSince == null) {
            failingSince = now;
        }
        boolean reached = failures >= threshold.failures()
                && Duration.between(failingSince, now).toSeconds() >= threshold.seconds();
        if (!reached || steps == 0) {
            return Decision.NOTHING;
        }
        if (stepsTaken >= steps) {
            return repeatLast ? new Decision(steps - 1, false) : Decision.NOTHING;
        }
        return new Decision(stepsTaken++, false);
    }

    /** Marks the incident as already open (after a restart of the agent), so a healthy check closes it. */
    void resumeIncident() {
        stepsTaken = Math.max(stepsTaken, steps);
    }

    int failures() {
        return failures;
    }

    boolean inIncident() {
        return stepsTaken > 0;
    }
}
