package io.taskrunner.console.service.keys;

import java.util.concurrent.CompletableFuture;

/**
 * Rotates the console's command-signing key. {@link #rotate()} makes a new key and announces it to every agent in a
 * {@code key.rotate} command signed with the old one; each agent that stored it answers {@code key.rotated}, from
 * when on everything it is sent (commands, its desired bundle, re-signed at once) is signed with the new key. The old
 * key is kept until every agent confirmed, then deleted. Agents that are away get the announcement when they are
 * back.
 */
public interface KeyRotationService {
    /**
     * Starts a rotation; completes when the broker has every announcement.
     *
     * @throws IllegalStateException when the previous rotation still waits for agents
     */
    CompletableFuture<KeyRotationStatus> rotate();

    KeyRotationStatus status();
}
