package io.taskrunner.console.service.commands;

import io.taskrunner.protocol.security.CommandSigner;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which key signs what an agent is sent. Normally one key; during a key rotation, the agents that have not yet
 * confirmed the new key ({@code key.rotated}) still get everything signed with the previous one, since they trust
 * only that, and every other agent (and every group) gets the new one. Thread-safe.
 */
public final class SigningKeys {
    private final Set<String> onPrevious = ConcurrentHashMap.newKeySet();
    private volatile CommandSigner current;
    private volatile CommandSigner previous;

    public SigningKeys(CommandSigner current) {
        this.current = current;
    }

    /** Resumes a rotation: {@code waiting} still trust {@code previous} only. */
    public SigningKeys(CommandSigner current, CommandSigner previous, Collection<String> waiting) {
        this.current = current;
        this.previous = previous;
        onPrevious.addAll(waiting);
    }

    /** The signer for what goes to {@code agentId} now. */
    public CommandSigner forAgent(String agentId) {
        CommandSigner old = previous;
        return old != null && onPrevious.contains(agentId) ? old : current;
    }

    /** The newest key: for groups, enrolment and agents that hold it. */
    public CommandSigner current() {
        return current;
    }

    /** The key being rotated out, while any agent still trusts only it. */
    public Optional<CommandSigner> previous() {
        return Optional.ofNullable(previous);
    }

    /** Starts a rotation: {@code next} becomes current, and {@code waiting} stay on the key current until now. */
    public synchronized void rotate(CommandSigner next, Collection<String> waiting) {
        if (previous != null) {
            throw new IllegalStateException("key " + previous.keyId() + " is still being rotated out");
        }
        onPrevious.clear();
        onPrevious.addAll(waiting);
        previous = current;
        current = next;
    }

    /** {@code agentId} holds the current key now. */
    public void confirmed(String agentId) {
        onPrevious.remove(agentId);
    }

    /** Forgets the previous key once no agent needs it. */
    public synchronized void retirePrevious() {
        onPrevious.clear();
        previous = null;
    }
}
