package io.taskrunner.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.agent.store.AgentStore;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxSenderTest {
    private static final int WINDOW = 10;

    @TempDir
    Path dir;

    private AgentStore store;
    private OutboxSender sender;
    private final List<Long> published = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        store = AgentStore.open(dir.resolve("store.mv.db"));
        sender = new OutboxSender(store.outbox(), bytes -> {
            published.add(ByteBuffer.wrap(bytes).getLong());
            return CompletableFuture.completedFuture(null);
        }, WINDOW, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        sender.close();
        store.close();
    }

    @Test
    void send_whileDisconnected_publishesNothing() {
        record(5);
        assertThat(published).isEmpty();
    }

    @Test
    void send_neverHasMoreThanTheWindowUnacknowledged() {
        sender.connected();
        record(25);
        assertThat(published).containsExactlyElementsOf(range(1, 10));

        sender.acknowledged(4, false);
        assertThat(published.subList(10, published.size())).containsExactlyElementsOf(range(11, 14));
    }

    @Test
    void reconnect_sendsEverythingAfterTheAcknowledgedMarkAgain() {
        sender.connected();
        record(6);
        sender.acknowledged(2, false);
        published.clear();

        sender.disconnected();
        sender.connected();

        assertThat(published).containsExactlyElementsOf(range(3, 6));
    }

    @Test
    void resendRequest_fromTheConsole_restartsAfterItsMark() {
        sender.connected();
        record(5);
        published.clear();

        sender.acknowledged(3, true);

        assertThat(published).containsExactly(4L, 5L);
        assertThat(store.outbox().pendingCount()).isEqualTo(2);
    }

    @Test
    void acknowledgement_survivesARestartOfTheAgent() {
        sender.connected();
        record(4);
        sender.acknowledged(3, false);
        sender.close();
        store.close();

        store = AgentStore.open(dir.resolve("store.mv.db"));
        published.clear();
        sender = new OutboxSender(store.outbox(), bytes -> {
            published.add(ByteBuffer.wrap(bytes).getLong());
            return CompletableFuture.completedFuture(null);
        }, WINDOW, Clock.systemUTC());
        sender.connected();

        assertThat(published).containsExactly(4L);
    }

    private void record(int count) {
        for (int i = 0; i < count; i++) {
            long seq = store.outbox().lastSeq() + 1;
            store.outbox().append(ByteBuffer.allocate(8).putLong(seq).array());
            sender.eventRecorded();
        }
    }

    private static List<Long> range(long from, long to) {
        return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
    }
}
