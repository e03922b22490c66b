package io.taskrunner.agent.field.serial;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * First come, first served turns at one port. Unlike a fair lock waited on in slices (to notice cancellation), a
 * waiter keeps its place in the queue while it checks for cancellation, and nothing is registered with the caller's
 * cancellation token, which a collector may keep for its lifetime. Thread-safe.
 */
final class PortTurns {
    private static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Deque<Thread> waiting = new ArrayDeque<>();
    private Thread holder;

    /**
     * Waits for this thread's turn.
     *
     * @return {@code false} when {@code timeoutMillis} passed or {@code cancelled} said so first
     */
    synchronized boolean await(long timeoutMillis, BooleanSupplier cancelled) {
        Thread me = Thread.currentThread();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        waiting.addLast(me);
        try {
            while (holder != null || waiting.peekFirst() != me) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || cancelled.getAsBoolean()) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, CHECK_NANOS));
            }
            holder = me;
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            waiting.remove(me);
            // the next in line may be waiting on this one leaving the queue's head
            notifyAll();
        }
    }

    /** Ends the current thread's turn. */
    synchronized void release() {
        if (holder != Thread.currentThread()) {
            throw new IllegalStateException("the port's turn belongs to " + holder);
        }
        holder = null;
        notifyAll();
    }
}
