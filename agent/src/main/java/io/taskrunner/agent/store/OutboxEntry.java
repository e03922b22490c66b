package io.taskrunner.agent.store;

import java.util.Arrays;
import java.util.Objects;

/**
 * One event waiting in the outbox.
 *
 * @param seq     the per-agent sequence number, from 1
 * @param payload the encoded event; copied in and out so neither side can change the other's bytes
 */
public record OutboxEntry(long seq, byte[] payload) {

    public OutboxEntry {
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be at least 1, was " + seq);
        }
        payload = Objects.requireNonNull(payload, "payload").clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OutboxEntry entry && seq == entry.seq && Arrays.equals(payload, entry.payload);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(seq) + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "OutboxEntry[seq=" + seq + ", payload=" + payload.length + " bytes]";
    }
}
