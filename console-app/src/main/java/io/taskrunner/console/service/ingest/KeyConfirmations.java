package io.taskrunner.console.service.ingest;

import io.taskrunner.protocol.message.KeyRotated;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/** Where the ingest hands an agent's {@code key.rotated}: first inside the event's transaction, then after it. */
public interface KeyConfirmations {
    KeyConfirmations NONE = new KeyConfirmations() {
        @Override
        public void record(Connection connection, String agentId, KeyRotated rotated, Instant at) {
            // no key rotation service: nothing to record
        }

        @Override
        public void recorded(String agentId, KeyRotated rotated) {
            // nothing to follow up
        }
    };

    /** Stores the confirmation with the event, so neither is kept without the other. */
    void record(Connection connection, String agentId, KeyRotated rotated, Instant at) throws SQLException;

    /** After the commit, on the ingest thread: must not block. */
    void recorded(String agentId, KeyRotated rotated);
}
