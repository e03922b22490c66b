package io.taskrunner.agent.watchdog.check;

/**
 * Runs one kind of check. Called on a virtual thread, never concurrently with itself; may block up to its own
 * timeout. Any exception it throws counts as a failed check.
 */
public interface Probe extends AutoCloseable {

    CheckResult run() throws Exception;

    /** Releases what the probe holds (a subscription); nothing by default. */
    @Override
    default void close() {
    }
}
