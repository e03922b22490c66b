package io.taskrunner.agent.watchdog.check;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether a reading has been above its limit for a sustained time: since the first of an unbroken series of
 * readings above it. One reading below the limit starts over. Not thread-safe (one probe, one thread).
 */
public final class Sustained {
    private final Duration required;
    private Instant aboveSince;

    public Sustained(Duration required) {
        this.required = required;
    }

    /** Takes one reading; true when every reading since at least {@code required} ago was above the limit. */
    public boolean above(boolean above, Instant now) {
        if (!above) {
            aboveSince = null;
            return false;
        }
        if (aboveSince == null) {
            aboveSince = now;
        }
        return Duration.between(aboveSince, now).compareTo(required) >= 0;
    }

    /** Since when the readings are above the limit, or {@code null}. */
    public Instant aboveSince() {
        return aboveSince;
    }
}
