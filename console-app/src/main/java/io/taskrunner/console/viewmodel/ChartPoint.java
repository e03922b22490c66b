package io.taskrunner.console.viewmodel;

import java.time.Instant;

/** One numeric value of a collector at the time the console received it, for the history chart. */
public record ChartPoint(Instant at, double value) {
}
