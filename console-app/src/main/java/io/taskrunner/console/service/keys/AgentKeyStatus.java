package io.taskrunner.console.service.keys;

import java.time.Instant;

/**
 * Where one agent stands in the latest key rotation.
 *
 * @param confirmedAt when the agent answered {@code key.rotated}; {@code null} while it still trusts only the
 *                    previous key
 */
public record AgentKeyStatus(String agentId, String keyId, String previousKeyId, Instant announcedAt,
        Instant confirmedAt) {

    public boolean confirmed() {
        return confirmedAt != null;
    }
}
