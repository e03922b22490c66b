package io.taskrunner.console.viewmodel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link Delayer} whose tasks run only when the test says so; it records the delays asked for. */
final class ManualDelayer implements Delayer {
    final List<Duration> delays = new ArrayList<>();
    private final List<Runnable> pending = new ArrayList<>();

    @Override
    public synchronized void after(Duration delay, Runnable task) {
        delays.add(delay);
        pending.add(task);
    }

    synchronized int pending() {
        return pending.size();
    }

    /** Runs the tasks due so far (not those they schedule). */
    void runDue() {
        List<Runnable> due;
        synchronized (this) {
            due = new ArrayList<>(pending);
            pending.clear();
        }
        due.forEach(Runnable::run);
    }
}
