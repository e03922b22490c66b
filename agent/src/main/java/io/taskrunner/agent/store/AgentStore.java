package io.taskrunner.agent.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.taskrunner.protocol.security.KeyFile;
import io.taskrunner.protocol.security.SecretBox;
import io.taskrunner.protocol.security.SecretBoxException;
import java.util.Objects;
import java.util.function.Supplier;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's durable local state in one H2 MVStore file: the event outbox, the nonces seen and the commands
 * processed. Only one process (and one {@code AgentStore}) can have the file open at a time. Thread-safe.
 */
public final class AgentStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AgentStore.class);

    private final Path file;
    private final MVStore store;
    private final EventOutbox outbox;
    private final NonceRegistry nonces;
    private final ProcessedCommands processedCommands;
    private final RunQueueStore runQueue;
    private final RunHistoryStore runHistory;

    private AgentStore(Path file, MVStore store, Supplier<SecretBox> secrets) {
        this.file = file;
        this.store = store;
        this.outbox = new EventOutbox(store);
        this.nonces = new NonceRegistry(new ExpiringKeys(store, "nonces", "nonce"));
        this.processedCommands = new ProcessedCommands(new ExpiringKeys(store, "processedCommands", "commandId"));
        this.runQueue = new RunQueueStore(store, secrets);
        this.runHistory = new RunHistoryStore(store);
    }

    /**
     * Opens {@code file} with the key {@code secret.key} beside it (created when first needed).
     *
     * @throws AgentStoreException if the file cannot be created, is corrupt, or is open elsewhere
     */
    public static AgentStore open(Path file) {
        Objects.requireNonNull(file, "file");
        return open(file, KeyFile.lazy(file.toAbsolutePath().resolveSibling(KeyFile.FILE_NAME)));
    }

    /**
     * Opens {@code file}, creating it and its parent directories if needed.
     *
     * @param secrets the key queued runs are encrypted with
     * @throws AgentStoreException if the file cannot be created, is corrupt, or is open elsewhere
     */
    public static AgentStore open(Path file, Supplier<SecretBox> secrets) {
        Objects.requireNonNull(file, "file");
        Path absolute = file.toAbsolutePath();
        MVStore store = null;
        try {
            if (absolute.getParent() != null) {
                Files.createDirectories(absolute.getParent());
            }
            store = new MVStore.Builder().fileName(absolute.toString()).open();
            AgentStore agentStore = new AgentStore(absolute, store, secrets);
            LOG.info("Opened agent store {}: last event {}, acknowledged up to {}, {} waiting", absolute,
                    agentStore.outbox.lastSeq(), agentStore.outbox.acknowledgedSeq(), agentStore.outbox.pendingCount());
            return agentStore;
        } catch (IOException | MVStoreException | SecretBoxException e) {
            if (store != null) {
                store.closeImmediately();
            }
            throw new AgentStoreException("Cannot open the agent store " + absolute + ": " + e.getMessage(), e);
        }
    }

    public EventOutbox outbox() {
        return outbox;
    }

    public NonceRegistry nonces() {
        return nonces;
    }

    public ProcessedCommands processedCommands() {
        return processedCommands;
    }

    public RunQueueStore runQueue() {
        return runQueue;
    }

    public RunHistoryStore runHistory() {
        return runHistory;
    }

    /**
     * The named map {@code name} of this store; each part of the agent uses its own name. The same name gives the
     * same map.
     */
    public KeyedRecords records(String name) {
        return new KeyedRecords(store, name);
    }

    public Path file() {
        return file;
    }

    /** Writes what is pending and closes the file; later calls on the parts fail with an IllegalStateException. */
    @Override
    public void close() {
        if (!store.isClosed()) {
            store.close();
            LOG.info("Closed agent store {}", file);
        }
    }
}
