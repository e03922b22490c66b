package io.taskrunner.protocol.definition.watchdog;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.taskrunner.protocol.Check;

/**
 * When a failing check becomes an incident: after {@code failures} failed checks in a row and, if {@code seconds} is
 * set, once the first of them is at least {@code seconds} old. Both must hold; the default is the first failure.
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record Threshold(int failures, long seconds) {

    public static final Threshold FIRST_FAILURE = new Threshold(1, 0);

    public Threshold {
        failures = failures == 0 ? 1 : failures;
        Check.range(failures, 1, 10_000, "threshold.failures");
        Check.range(seconds, 0, 7L * 24 * 3600, "threshold.seconds");
    }
}
