package io.taskrunner.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventOutboxIT {

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("data/agent-store.mv.db");
    }

    @Test
    void append_numbersFromOneAndContinuesAfterReopen() {
        try (AgentStore store = AgentStore.open(file())) {
            assertThat(store.outbox().lastSeq()).isZero();
            assertThat(store.outbox().append(bytes("a"))).isEqualTo(1);
            assertThat(store.outbox().append(bytes("b"))).isEqualTo(2);
        }
        try (AgentStore store = AgentStore.open(file())) {
            assertThat(store.outbox().lastSeq()).isEqualTo(2);
            assertThat(store.outbox().append(bytes("c"))).isEqualTo(3);
            assertThat(store.outbox().pendingAfter(0, 10)).extracting(OutboxEntry::seq).containsExactly(1L, 2L, 3L);
            assertThat(store.outbox().pendingAfter(0, 10).get(2).payload()).isEqualTo(bytes("c"));
        }
    }

    @Test
    void append_neverReusesAnAcknowledgedNumber() {
        try (AgentStore store = AgentStore.open(file())) {
            store.outbox().append(bytes("a"));
            store.outbox().append(bytes("b"));
            store.outbox().acknowledgeUpTo(2);
        }
        try (AgentStore store = AgentStore.open(file())) {
            assertThat(store.outbox().pendingCount()).isZero();
            assertThat(store.outbox().append(bytes("c"))).isEqualTo(3);
        }
    }

    @Test
    void acknowledgeUpTo_removesEntriesAndSurvivesReopen() {
        try (AgentStore store = AgentStore.open(file())) {
            for (int i = 0; i < 5; i++) {
                store.outbox().append(bytes("e" + i));
            }
            store.outbox().acknowledgeUpTo(3);
            assertThat(store.outbox().acknowledgedSeq()).isEqualTo(3);
            assertThat(store.outbox().pendingCount()).isEqualTo(2);
        }
        try (AgentStore store = AgentStore.open(file())) {
            EventOutbox outbox = store.outbox();
            assertThat(outbox.acknowledgedSeq()).isEqualTo(3);
            assertThat(outbox.pendingCount()).isEqualTo(2);
            assertThat(outbox.pendingAfter(0, 10)).extracting(OutboxEntry::seq).containsExactly(4L, 5L);
        }
    }

    @Test
    void acknowledgeUpTo_neverMovesBackwards() {
        try (AgentStore store = AgentStore.open(file())) {
            EventOutbox outbox = store.outbox();
            for (int i = 0; i < 4; i++) {
                outbox.append(bytes("e" + i));
            }
            outbox.acknowledgeUpTo(3);
            outbox.acknowledgeUpTo(1);

            assertThat(outbox.acknowledgedSeq()).isEqualTo(3);
            assertThat(outbox.pendingAfter(0, 10)).extracting(OutboxEntry::seq).containsExactly(4L);
        }
    }

    @Test
    void acknowledgeUpTo_beyondLastEvent_stopsAtTheLastEvent() {
        try (AgentStore store = AgentStore.open(file())) {
            EventOutbox outbox = store.outbox();
            outbox.append(bytes("a"));
            outbox.acknowledgeUpTo(100);

            assertThat(outbox.acknowledgedSeq()).isEqualTo(1);
            assertThat(outbox.append(bytes("b"))).isEqualTo(2);
            assertThat(outbox.pendingCount()).isEqualTo(1);
            assertThatThrownBy(() -> outbox.acknowledgeUpTo(-1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void pendingAfter_returnsEntriesInOrderWithinLimit() {
        try (AgentStore store = AgentStore.open(file())) {
            EventOutbox outbox = store.outbox();
            for (int i = 1; i <= 10; i++) {
                outbox.append(bytes("event " + i));
            }

            List<OutboxEntry> page = outbox.pendingAfter(3, 4);

            assertThat(page).extracting(OutboxEntry::seq).containsExactly(4L, 5L, 6L, 7L);
            assertThat(page).extracting(entry -> new String(entry.payload(), StandardCharsets.UTF_8))
                    .containsExactly("event 4", "event 5", "event 6", "event 7");
            assertThat(outbox.pendingAfter(8, 100)).extracting(OutboxEntry::seq).containsExactly(9L, 10L);
            assertThat(outbox.pendingAfter(10, 100)).isEmpty();
            assertThat(outbox.pendingAfter(0, 0)).isEmpty();
        }
    }

    @Test
    void append_copiesThePayload() {
        try (AgentStore store = AgentStore.open(file())) {
            byte[] payload = bytes("original");
            store.outbox().append(payload);
            payload[0] = 'X';

            byte[] read = store.outbox().pendingAfter(0, 1).getFirst().payload();
            read[1] = 'Y';

            assertThat(store.outbox().pendingAfter(0, 1).getFirst().payload()).isEqualTo(bytes("original"));
        }
    }

    @Test
    void append_fromManyThreads_givesUniqueContiguousNumbers() throws Exception {
        int threads = 8;
        int perThread = 100;
        Set<Long> seqs = ConcurrentHashMap.newKeySet();
        try (AgentStore store = AgentStore.open(file());
                ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        long seq = store.outbox().append(bytes(thread + ":" + i));
                        assertThat(seqs.add(seq)).as("seq %d handed out twice", seq).isTrue();
                        if (i % 10 == 0) {
                            // Acknowledging from another thread at the same time must not disturb appends.
                            store.outbox().acknowledgeUpTo(seq / 2);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get();
            }
            assertThat(store.outbox().lastSeq()).isEqualTo(threads * perThread);
        }
        assertThat(seqs).containsExactlyInAnyOrderElementsOf(
                LongStream.rangeClosed(1, threads * perThread).boxed().toList());
        try (AgentStore store = AgentStore.open(file())) {
            EventOutbox outbox = store.outbox();
            assertThat(outbox.pendingCount()).isEqualTo((int) (outbox.lastSeq() - outbox.acknowledgedSeq()));
            assertThat(outbox.pendingAfter(outbox.acknowledgedSeq(), Integer.MAX_VALUE))
                    .extracting(OutboxEntry::seq)
                    .containsExactlyElementsOf(LongStream.rangeClosed(outbox.acknowledgedSeq() + 1, threads * perThread)
                            .boxed().toList());
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
