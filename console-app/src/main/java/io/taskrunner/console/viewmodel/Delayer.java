package io.taskrunner.console.viewmodel;

import java.time.Duration;

/** Runs a task once after a delay, on a thread that may block; a manual one in tests, so nothing sleeps. */
@FunctionalInterface
public interface Delayer {
    void after(Duration delay, Runnable task);
}
