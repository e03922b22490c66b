package io.taskrunner.agent.watchdog.check;

import java.time.Clock;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * CPU or memory above a limit for a sustained time. The reading is taken each interval; the check fails once every
 * reading for {@code forSeconds} was above the limit.
 */
final class LoadProbe implements Probe {
    private final String key;
    private final String what;
    private final double limit;
    private final DoubleSupplier reading;
    private final Sustained sustained;
    private final Clock clock;
    private final long forSeconds;

    /**
     * @param key     the failure's i18n key; its arguments are what is measured, the reading, the limit and the seconds
     * @param reading the current value, in the limit's unit
     */
    LoadProbe(String key, String what, double limit, long forSeconds, DoubleSupplier reading, Clock clock) {
        this.key = key;
        this.what = what;
        this.limit = limit;
        this.reading = reading;
        this.forSeconds = forSeconds;
        this.sustained = new Sustained(Duration.ofSeconds(forSeconds));
        this.clock = clock;
    }

    @Override
    public CheckResult run() {
        double value = reading.getAsDouble();
        if (sustained.above(value > limit, clock.instant())) {
            return CheckResult.failed(key, what, Math.round(value * 10) / 10.0, limit, forSeconds);
        }
        return CheckResult.ok();
    }
}
