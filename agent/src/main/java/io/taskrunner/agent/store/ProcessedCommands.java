package io.taskrunner.agent.store;

import java.time.Instant;

/**
 * Ids of commands the agent has taken on, so a redelivered command never runs twice; persisted across restarts.
 * Thread-safe.
 */
public final class ProcessedCommands {

    private final ExpiringKeys ids;

    ProcessedCommands(ExpiringKeys ids) {
        this.ids = ids;
    }

    /**
     * Marks {@code commandId} as processed until {@code keepUntil}; false when it already was. On disk when this
     * returns true, so the caller may run the command: a crash afterwards does not make it run again.
     */
    public boolean markIfNew(String commandId, Instant keepUntil) {
        return ids.addIfAbsent(commandId, keepUntil);
    }

    public boolean isProcessed(String commandId) {
        return ids.contains(commandId);
    }

    /** Forgets ids whose keep-until is at or before {@code now}; returns how many. */
    public int pruneExpired(Instant now) {
        return ids.pruneExpired(now);
    }
}
