package io.taskrunner.agent.transport;

import io.taskrunner.agent.store.EventOutbox;
import io.taskrunner.agent.store.OutboxEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves events from the on-disk outbox to the broker with a bounded window of unacknowledged events, like TCP:
 * at most {@code window} events are in flight beyond the console's last acknowledgement. The window keeps a
 * broker's per-client queue (1,000 messages in Mosquitto and HiveMQ CE) from ever overflowing while the console
 * is away, and anything lost anyway is sent again: after a reconnect, on the console's request, and when
 * acknowledgements stop coming (with a backoff, so a missing console is not flooded).
 */
public final class OutboxSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxSender.class);
    static final Duration FIRST_RESEND_AFTER = Duration.ofSeconds(10);
    static final Duration MAX_RESEND_AFTER = Duration.ofMinutes(2);

    private final EventOutbox outbox;
    private final EventPublisher publisher;
    private final int window;
    private final Clock clock;
    private final ScheduledExecutorService timer;

    private boolean connected;
    private long nextToSend;
    private Instant lastProgress;
    private Duration resendAfter = FIRST_RESEND_AFTER;

    public OutboxSender(EventOutbox outbox, EventPublisher publisher, int window, Clock clock) {
        this.outbox = outbox;
        this.publisher = publisher;
        this.window = window;
        this.clock = clock;
        this.nextToSend = outbox.acknowledgedSeq() + 1;
        this.lastProgress = clock.instant();
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("outbox-resend").daemon()
                .factory());
        timer.scheduleWithFixedDelay(this::resendIfStalled, 1, 1, TimeUnit.SECONDS);
    }

    /** The broker connection is up: everything not acknowledged goes out again. */
    public synchronized void connected() {
        connected = true;
        nextToSend = outbox.acknowledgedSeq() + 1;
        lastProgress = clock.instant();
        pump();
    }

    public synchronized void disconnected() {
        connected = false;
    }

    public synchronized void eventRecorded() {
        pump();
    }

    /** The console stored every event up to {@code upToSeq}; with {@code resend} it wants the rest again. */
    public synchronized void acknowledged(long upToSeq, boolean resend) {
        long before = outbox.acknowledgedSeq();
        outbox.acknowledgeUpTo(upToSeq);
        long acked = outbox.acknowledgedSeq();
        if (acked > before) {
            lastProgress = clock.instant();
            resendAfter = FIRST_RESEND_AFTER;
        }
        if (resend || nextToSend <= acked) {
            nextToSend = acked + 1;
        }
        pump();
    }

    public synchronized long acknowledgedSeq() {
        return outbox.acknowledgedSeq();
    }

    private void pump() {
        if (!connected) {
            return;
        }
        long limit = outbox.acknowledgedSeq() + window;
        while (nextToSend <= limit && nextToSend <= outbox.lastSeq()) {
            int batch = (int) Math.min(64, limit - nextToSend + 1);
            List<OutboxEntry> entries = outbox.pendingAfter(nextToSend - 1, batch);
            if (entries.isEmpty()) {
                return;
            }
            for (OutboxEntry entry : entries) {
                publisher.publish(entry.payload()).exceptionally(failure -> {
                    LOG.debug("event {} not sent ({}); it is sent again after reconnect", entry.seq(),
                            failure.toString());
                    return null;
                });
                nextToSend = entry.seq() + 1;
            }
        }
    }

    private synchronized void resendIfStalled() {
        try {
            boolean inFlight = nextToSend - 1 > outbox.acknowledgedSeq();
            if (!connected || !inFlight) {
                lastProgress = clock.instant();
                return;
            }
            if (clock.instant().isAfter(lastProgress.plus(resendAfter))) {
                LOG.info("no acknowledgement for {} s; sending events after {} again", resendAfter.toSeconds(),
                        outbox.acknowledgedSeq());
                nextToSend = outbox.acknowledgedSeq() + 1;
                lastProgress = clock.instant();
                resendAfter = resendAfter.multipliedBy(2).compareTo(MAX_RESEND_AFTER) > 0 ? MAX_RESEND_AFTER
                        : resendAfter.multipliedBy(2);
                pump();
            }
        } catch (RuntimeException e) {
            LOG.warn("outbox resend check failed; trying again in a second", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
