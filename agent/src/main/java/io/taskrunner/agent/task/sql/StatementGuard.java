package io.taskrunner.agent.task.sql;

import io.taskrunner.agent.executor.CancellationToken;
import io.taskrunner.agent.task.TaskOutcome;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the statements of one attempt at its deadline or when it is cancelled: each gets the remaining time as
 * its query timeout, and a watchdog thread calls {@link Statement#cancel()} at the deadline in case the driver's
 * own timeout does not fire (or cannot interrupt what the database is doing). A cancel asks the same on another
 * thread, so the canceller is not held up by the network.
 */
final class StatementGuard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatementGuard.class);

    private final Duration timeout;
    private final long deadlineNanos;
    private final AtomicReference<Statement> running = new AtomicReference<>();
    private final Thread watchdog;
    private volatile boolean cancelled;
    private volatile boolean timedOut;

    /** Starts the clock now. */
    StatementGuard(String name, Duration timeout, CancellationToken cancel) {
        this.timeout = timeout;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
        this.watchdog = Thread.ofVirtual().name("sql-watchdog-" + name).start(this::watch);
        cancel.onCancel(() -> {
            cancelled = true;
            Thread.ofVirtual().name("sql-cancel-" + name).start(this::cancelRunning);
        });
    }

    /**
     * Marks {@code statement} as the one running and gives it the remaining time.
     *
     * @return false if the attempt should stop instead (see {@link #stopOutcome})
     */
    boolean begin(Statement statement) throws SQLException {
        if (stopping()) {
            return false;
        }
        long remainingNanos = deadlineNanos - System.nanoTime();
        // Rounded up: the driver's timeout must not fire before the deadline, the watchdog covers the rest.
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(remainingNanos + TimeUnit.SECONDS.toNanos(1) - 1));
        statement.setQueryTimeout((int) Math.min(Integer.MAX_VALUE, seconds));
        running.set(statement);
        return true;
    }

    void end() {
        running.set(null);
    }

    /** The attempt was cancelled or its time is up. */
    boolean stopping() {
        return cancelled || timedOut || System.nanoTime() - deadlineNanos >= 0;
    }

    /** Cancelled or timed out when the attempt should stop, else empty; {@code failure} may be a timeout. */
    Optional<TaskOutcome> stopOutcome(SQLException failure) {
        if (cancelled) {
            return Optional.of(TaskOutcome.cancelled());
        }
        if (stopping() || failure instanceof SQLTimeoutException) {
            return Optional.of(TaskOutcome.timedOut(timeout));
        }
        return Optional.empty();
    }

    Optional<TaskOutcome> stopOutcome() {
        return stopOutcome(null);
    }

    private void watch() {
        try {
            long remainingNanos = deadlineNanos - System.nanoTime();
            if (remainingNanos > 0) {
                TimeUnit.NANOSECONDS.sleep(remainingNanos);
            }
        } catch (InterruptedException e) {
            // The attempt ended before its deadline.
            return;
        }
        timedOut = true;
        cancelRunning();
    }

    private void cancelRunning() {
        Statement statement = running.get();
        if (statement == null) {
            return;
        }
        try {
            statement.cancel();
        } catch (SQLException e) {
            // The statement may have ended and been closed meanwhile.
            LOG.debug("Could not cancel a statement: {}", e.toString());
        }
    }

    @Override
    public void close() {
        watchdog.interrupt();
        running.set(null);
    }
}
