package io.taskrunner.agent.transport;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Brokers deliver a message once per matching subscription: with trigger rules on {@code plant/#} and
 * {@code plant/+/scale}, a message on {@code plant/hall3/scale} arrives twice. Knowing how many of its subscriptions
 * match, the agent takes the first copy and drops the others that follow within {@link #WINDOW_NANOS}. Not
 * thread-safe: used on the MQTT client's one network thread.
 */
final class DuplicateCopies {
    static final long WINDOW_NANOS = 500_000_000L;
    private static final int PURGE_ABOVE = 256;

    private record Key(String topic, int length, int payloadHash, int correlationHash) {
    }

    private static final class Expected {
        int remaining;
        final long until;

        Expected(int remaining, long until) {
            this.remaining = remaining;
            this.until = until;
        }
    }

    private final Map<Key, Expected> expected = new HashMap<>();

    /**
     * Whether this is a further copy of a message that came moments ago; {@code copies} is how many of the agent's
     * subscriptions match its topic.
     */
    boolean isExtraCopy(String topic, byte[] payload, byte[] correlation, int copies, long nowNanos) {
        if (expected.size() > PURGE_ABOVE) {
            expected.values().removeIf(entry -> nowNanos - entry.until > 0);
        }
        Key key = new Key(topic, payload.length, Arrays.hashCode(payload), Arrays.hashCode(correlation));
        Expected earlier = expected.get(key);
        if (earlier != null && earlier.remaining > 0 && nowNanos - earlier.until < 0) {
            if (--earlier.remaining == 0) {
                expected.remove(key);
            }
            return true;
        }
        if (copies > 1) {
            expected.put(key, new Expected(copies - 1, nowNanos + WINDOW_NANOS));
        } else {
            expected.remove(key);
        }
        return false;
    }
}
