package io.taskrunner.agent.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessedCommandsIT {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void markIfNew_isTrueOnlyTheFirstTime_alsoAfterReopen() {
        Path file = dir.resolve("store.mv.db");
        try (AgentStore store = AgentStore.open(file)) {
            assertThat(store.processedCommands().markIfNew("cmd-1", NOW.plusSeconds(3600))).isTrue();
            assertThat(store.processedCommands().markIfNew("cmd-1", NOW.plusSeconds(3600))).isFalse();
        }
        try (AgentStore store = AgentStore.open(file)) {
            assertThat(store.processedCommands().isProcessed("cmd-1")).isTrue();
            assertThat(store.processedCommands().markIfNew("cmd-1", NOW.plusSeconds(3600))).isFalse();
            assertThat(store.processedCommands().markIfNew("cmd-2", NOW.plusSeconds(3600))).isTrue();
        }
    }

    @Test
    void markIfNew_fromConcurrentThreads_letsExactlyOneWin() throws Exception {
        try (AgentStore store = AgentStore.open(dir.resolve("store.mv.db"));
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Callable<Boolean>> attempts = IntStream.range(0, 16)
                    .<Callable<Boolean>>mapToObj(i -> () -> store.processedCommands().markIfNew("cmd", NOW))
                    .toList();
            long winners = 0;
            for (Future<Boolean> result : pool.invokeAll(attempts)) {
                winners += result.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        }
    }

    @Test
    void pruneExpired_removesIdsPastKeepUntil() {
        try (AgentStore store = AgentStore.open(dir.resolve("store.mv.db"))) {
            ProcessedCommands processed = store.processedCommands();
            processed.markIfNew("done-long-ago", NOW.minusSeconds(10));
            processed.markIfNew("recent", NOW.plusSeconds(10));

            assertThat(processed.pruneExpired(NOW)).isEqualTo(1);

            assertThat(processed.isProcessed("done-long-ago")).isFalse();
            assertThat(processed.isProcessed("recent")).isTrue();
        }
    }

    @Test
    void partsOfOneStore_doNotSeeEachOthersKeys() {
        try (AgentStore store = AgentStore.open(dir.resolve("store.mv.db"))) {
            store.nonces().remember("same", NOW);

            assertThat(store.processedCommands().markIfNew("same", NOW)).isTrue();
        }
    }
}
