package io.taskrunner.agent.store;

import org.h2.mvstore.MVStore;

/** Makes the store's pending changes survive a crash before a caller acts on them. */
final class Durable {

    private Durable() {
    }

    /**
     * Commits and forces the file to disk. The commit alone survives a crash of the agent; the sync also survives
     * a power cut, which matters because a sequence number that was sent and then lost would be handed out again.
     */
    static void commit(MVStore store) {
        store.commit();
        store.sync();
    }
}
