package io.taskrunner.agent.collector;

import io.taskrunner.protocol.definition.collector.CollectorThreshold;
import java.util.Map;

/**
 * Whether one threshold fires, by its edges: it fires once when its condition has held for {@code forSeconds} and
 * clears once when the condition stops holding, so a value that stays high does not fire at every poll. Used by one
 * collector thread only.
 */
final class ThresholdState {
    enum Edge { NONE, FIRED, CLEARED }

    private final CollectorThreshold threshold;
    private long holdingSince = -1;
    private boolean fired;

    ThresholdState(CollectorThreshold threshold, boolean firedBefore) {
        this.threshold = threshold;
        this.fired = firedBefore;
    }

    CollectorThreshold threshold() {
        return threshold;
    }

    /** Feeds one poll's values, read at {@code nowMillis}; returns the edge it crossed, if any. */
    Edge update(Map<String, Object> values, long nowMillis) {
        if (!threshold.condition().test(values)) {
            holdingSince = -1;
            if (fired) {
                fired = false;
                return Edge.CLEARED;
            }
            return Edge.NONE;
        }
        if (holdingSince < 0) {
            holdingSince = nowMillis;
        }
        if (!fired && nowMillis - holdingSince >= threshold.forSeconds() * 1000) {
            fired = true;
            return Edge.FIRED;
        }
        return Edge.NONE;
    }
}
