package io.taskrunner.agent.executor;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a run to stop. Thread-safe; cancelling twice has no further effect. Callbacks run once, on the thread that
 * calls {@link #cancel()} (or on the registering thread when the token is already cancelled), so they must be quick.
 */
public final class CancellationToken {

    private static final Logger LOG = LoggerFactory.getLogger(CancellationToken.class);

    private final List<Runnable> callbacks = new ArrayList<>();
    private boolean cancelled;

    public void cancel() {
        List<Runnable> toRun;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = List.copyOf(callbacks);
            // Callbacks are not needed any more; dropping them lets what they captured be collected.
            callbacks.clear();
        }
        toRun.forEach(CancellationToken::runSafely);
    }

    public synchronized boolean isCancelled() {
        return cancelled;
    }

    /** Runs {@code callback} when the token is cancelled, or right away if it already is. */
    public void onCancel(Runnable callback) {
        Objects.requireNonNull(callback, "callback");
        synchronized (this) {
            if (!cancelled) {
                callbacks.add(callback);
                return;
            }
        }
        runSafely(callback);
    }

    private static void runSafely(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            // One failing callback must not keep the others from stopping their work.
            LOG.warn("A cancellation callback failed", e);
        }
    }
}
