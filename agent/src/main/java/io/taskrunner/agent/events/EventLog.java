package io.taskrunner.agent.events;

import io.taskrunner.agent.store.EventOutbox;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.message.Envelope;
import io.taskrunner.protocol.message.MessageBody;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records agent events: each gets the next per-agent sequence number, is encoded once, and stays in the on-disk
 * outbox until the console acknowledges it. A re-send publishes the very same bytes (same id), so the console can
 * drop duplicates.
 *
 * <p>Two strengths. {@link #record} hands the event to the background syncer, which commits and forces to disk
 * everything recorded meanwhile (and every other change to the agent store) in one go, at most {@link #SYNC_LINGER}
 * later; the sender publishes an event only once it is on disk, so the console never sees a sequence number that a crash
 * could hand out again. {@link #recordDurable} waits for that flush, for the moment the agent promises something
 * it must keep, such as accepting a run. A crash loses at most the last {@link #SYNC_LINGER} of events, which the
 * console never saw, together with the store changes they describe.
 */
public final class EventLog {
    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);

    /**
     * How long the syncer lets events gather before one commit and flush covers them all: thousands of short runs a
     * second then cost fifty flushes a second instead of one per event, and the console sees an event that much later.
     */
    static final Duration SYNC_LINGER = Duration.ofMillis(20);
    private static final ScheduledExecutorService SYNCER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("event-sync").daemon().factory());

    private final EventOutbox outbox;
    private final MessageCodec codec;
    private final Clock clock;
    private final AtomicBoolean syncQueued = new AtomicBoolean();
    private volatile Runnable onAppended = () -> { };
    private final List<Consumer<MessageBody>> observers = new CopyOnWriteArrayList<>();

    public EventLog(EventOutbox outbox, MessageCodec codec, Clock clock) {
        this.outbox = outbox;
        this.codec = codec;
        this.clock = clock;
    }

    /** Who to wake when events reached the disk (the outbox sender). */
    public void onAppended(Runnable listener) {
        this.onAppended = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Tells {@code observer} of every event as it is recorded, on the recording thread and before it is on disk (for
     * live views such as the HTTP API's run feeds, not for anything that must survive a crash). Observers run
     * inside the engine's locks, so they must only hand the event on, never block. Closing the handle stops it.
     */
    public AutoCloseable observe(Consumer<MessageBody> observer) {
        Objects.requireNonNull(observer, "observer");
        observers.add(observer);
        return () -> observers.remove(observer);
    }

    /** Records the event and returns its sequence number; it is on disk moments later. */
    public long record(MessageBody body) {
        long seq = append(body);
        tellObservers(body);
        if (syncQueued.compareAndSet(false, true)) {
            SYNCER.schedule(this::syncPending, SYNC_LINGER.toNanos(), TimeUnit.NANOSECONDS);
        }
        return seq;
    }

    /** Records the event and returns its sequence number once it is on disk. */
    public long recordDurable(MessageBody body) {
        long seq = append(body);
        tellObservers(body);
        outbox.awaitDurable(seq);
        onAppended.run();
        return seq;
    }

    /** Completes once event {@code seq} is on disk, through the syncer's next flush (at most {@link #SYNC_LINGER}). */
    public CompletableFuture<Void> whenDurable(long seq) {
        return outbox.whenDurable(seq).thenRun(onAppended);
    }

    /** Returns once every event up to {@code seq} is on disk. */
    public void awaitDurable(long seq) {
        outbox.awaitDurable(seq);
        onAppended.run();
    }

    private long append(MessageBody body) {
        synchronized (this) {
            long next = outbox.lastSeq() + 1;
            long seq = outbox.appendPending(codec.encode(Envelope.event(body, next, clock)));
            if (seq != next) {
                throw new IllegalStateException("outbox assigned sequence " + seq + " but " + next + " was encoded");
            }
            return seq;
        }
    }

    private void tellObservers(MessageBody body) {
        for (Consumer<MessageBody> observer : observers) {
            try {
                observer.accept(body);
            } catch (RuntimeException e) {
                LOG.warn("an event observer failed on {}", body.getClass().getSimpleName(), e);
            }
        }
    }

    private void syncPending() {
        // Cleared before the flush, so an event recorded during it queues the next one.
        syncQueued.set(false);
        try {
            outbox.awaitDurable(outbox.lastSeq());
            onAppended.run();
        } catch (RuntimeException e) {
            LOG.error("forcing events to disk failed; they stay committed and are flushed with the next ones", e);
        }
    }
}
