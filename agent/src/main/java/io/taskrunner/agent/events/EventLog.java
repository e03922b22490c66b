package io.taskrunner.agent.events;

import io.taskrunner.agent.store.EventOutbox;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.message.Envelope;
import io.taskrunner.protocol.message.MessageBody;
import java.time.Clock;
import java.util.Objects;

/**
 * Records an agent event durably before anything is sent: the event gets the next per-agent sequence number,
 * is encoded once, and stays in the on-disk outbox until the console acknowledges it. A re-send publishes the
 * very same bytes (same id), so the console can drop duplicates.
 */
public final class EventLog {
    private final EventOutbox outbox;
    private final MessageCodec codec;
    private final Clock clock;
    private volatile Runnable onAppended = () -> { };

    public EventLog(EventOutbox outbox, MessageCodec codec, Clock clock) {
        this.outbox = outbox;
        this.codec = codec;
        this.clock = clock;
    }

    /** Who to wake when an event was recorded (the outbox sender). */
    public void onAppended(Runnable listener) {
        this.onAppended = Objects.requireNonNull(listener, "listener");
    }

    /** Records the event and returns its sequence number; the event is on disk when this returns. */
    public long record(MessageBody body) {
        long seq;
        synchronized (this) {
            long next = outbox.lastSeq() + 1;
            seq = outbox.appendCommitted(codec.encode(Envelope.event(body, next, clock)));
            if (seq != next) {
                throw new IllegalStateException("outbox assigned sequence " + seq + " but " + next + " was encoded");
            }
        }
        // Outside the lock, so concurrent recorders share one disk flush.
        outbox.awaitDurable(seq);
        onAppended.run();
        return seq;
    }
}
