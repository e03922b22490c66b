package io.taskrunner.agent.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agent events waiting for the console's acknowledgement, each under a per-agent sequence number (1, 2, 3, ...)
 * that is never reused, also across restarts. Thread-safe: the executor's threads append while the MQTT thread
 * acknowledges. Every write is on disk when the method returns.
 */
public final class EventOutbox {

    private static final Logger LOG = LoggerFactory.getLogger(EventOutbox.class);
    private static final String LAST_SEQ = "outbox.lastSeq";
    private static final String ACKNOWLEDGED_SEQ = "outbox.acknowledgedSeq";

    private final MVStore store;
    private final MVMap<Long, byte[]> entries;
    /** The counters live apart from the entries: both must survive the entries being acknowledged away. */
    private final MVMap<String, Long> counters;
    private long lastSeq;
    private long acknowledgedSeq;
    private final Object syncLock = new Object();
    /** Every event up to this sequence number is forced to disk. */
    private volatile long durableSeq;
    /** Who waits, without forcing a flush, for a sequence number to reach the disk; keyed by that number. */
    private final ConcurrentSkipListMap<Long, List<CompletableFuture<Void>>> durableWaiters =
            new ConcurrentSkipListMap<>();

    EventOutbox(MVStore store) {
        this.store = store;
        this.entries = store.openMap("outbox");
        this.counters = store.openMap("counters");
        this.lastSeq = counters.getOrDefault(LAST_SEQ, 0L);
        this.acknowledgedSeq = counters.getOrDefault(ACKNOWLEDGED_SEQ, 0L);
        this.durableSeq = lastSeq;
    }

    /** Stores {@code payload} under the next sequence number, commits it to disk and returns that number. */
    public long append(byte[] payload) {
        long seq = appendPending(payload);
        awaitDurable(seq);
        return seq;
    }

    /**
     * Puts {@code payload} under the next sequence number; it is committed, forced to disk and sent only once
     * {@link #awaitDurable} ran for it or a later number (or another part of the store committed and synced).
     */
    public synchronized long appendPending(byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        long seq = lastSeq + 1;
        // MVStore keeps the array itself in its page; a copy stops the caller from changing a stored event.
        entries.put(seq, payload.clone());
        counters.put(LAST_SEQ, seq);
        lastSeq = seq;
        return seq;
    }

    /**
     * Returns once the event {@code seq} is committed and forced to disk. Group commit: the first waiter commits
     * and syncs everything appended so far (and every other change to the store), and those who queued behind it
     * find their event already covered: one commit and one flush for many events.
     */
    public void awaitDurable(long seq) {
        if (durableSeq >= seq) {
            return;
        }
        synchronized (syncLock) {
            if (durableSeq >= seq) {
                return;
            }
            long covered = lastSeq();
            store.commit();
            store.sync();
            durableSeq = covered;
        }
        completeWaitersUpTo(durableSeq);
    }

    /**
     * Completes once event {@code seq} is on disk, through whichever flush comes next; it forces none itself.
     * Someone must flush (the event log's syncer does, shortly after every event).
     */
    public CompletableFuture<Void> whenDurable(long seq) {
        if (durableSeq >= seq) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> waiter = new CompletableFuture<>();
        durableWaiters.computeIfAbsent(seq, key -> new CopyOnWriteArrayList<>()).add(waiter);
        // the flush may have happened between the check and the registration
        completeWaitersUpTo(durableSeq);
        return waiter;
    }

    private void completeWaitersUpTo(long seq) {
        Map.Entry<Long, List<CompletableFuture<Void>>> first;
        while ((first = durableWaiters.firstEntry()) != null && first.getKey() <= seq) {
            if (durableWaiters.remove(first.getKey(), first.getValue())) {
                first.getValue().forEach(waiter -> waiter.complete(null));
            }
        }
    }

    /** Up to {@code limit} waiting entries forced to disk with a sequence number above {@code seqExclusive}, in order. */
    public List<OutboxEntry> pendingAfter(long seqExclusive, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, was " + limit);
        }
        List<OutboxEntry> result = new ArrayList<>(Math.min(limit, 256));
        long from = Math.max(seqExclusive, 0) + 1;
        // The cursor reads one consistent snapshot of the map, so concurrent appends and acks cannot tear it.
        Cursor<Long, byte[]> cursor = entries.cursor(from);
        while (result.size() < limit && cursor.hasNext()) {
            long seq = cursor.next();
            if (seq > durableSeq) {
                // committed by another thread but not yet forced to disk: it leaves once it is
                break;
            }
            result.add(new OutboxEntry(seq, cursor.getValue()));
        }
        return result;
    }

    /**
     * Removes the entries up to and including {@code seq} and remembers {@code seq} as acknowledged. An older
     * acknowledgement than the one already stored changes nothing; one beyond {@link #lastSeq()} is taken as
     * {@link #lastSeq()}, since nothing later exists yet.
     */
    public synchronized void acknowledgeUpTo(long seq) {
        if (seq < 0) {
            throw new IllegalArgumentException("seq must not be negative, was " + seq);
        }
        long upTo = seq;
        if (upTo > lastSeq) {
            LOG.warn("Acknowledgement up to {} is beyond the last event {}; taking it as {}", seq, lastSeq, lastSeq);
            upTo = lastSeq;
        }
        if (upTo <= acknowledgedSeq) {
            return;
        }
        for (long s = acknowledgedSeq + 1; s <= upTo; s++) {
            entries.remove(s);
        }
        counters.put(ACKNOWLEDGED_SEQ, upTo);
        // No sync: an acknowledgement lost in a power cut only causes a re-send, which the console ignores.
        store.commit();
        acknowledgedSeq = upTo;
    }

    public synchronized long acknowledgedSeq() {
        return acknowledgedSeq;
    }

    public synchronized long lastSeq() {
        return lastSeq;
    }

    public int pendingCount() {
        return entries.size();
    }
}
