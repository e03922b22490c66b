package io.taskrunner.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NonceRegistryIT {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void remember_whenNonceSeenBefore_reportsReplay() {
        try (AgentStore store = AgentStore.open(dir.resolve("store.mv.db"))) {
            assertThat(store.nonces().remember("n-1", NOW.plusSeconds(60))).isTrue();
            assertThat(store.nonces().remember("n-1", NOW.plusSeconds(60))).isFalse();
            assertThat(store.nonces().remember("n-2", NOW.plusSeconds(60))).isTrue();
        }
    }

    @Test
    void remember_detectsReplayAcrossReopen() {
        Path file = dir.resolve("store.mv.db");
        try (AgentStore store = AgentStore.open(file)) {
            store.nonces().remember("n-1", NOW.plusSeconds(60));
        }
        try (AgentStore store = AgentStore.open(file)) {
            assertThat(store.nonces().remember("n-1", NOW.plusSeconds(60))).isFalse();
        }
    }

    @Test
    void pruneExpired_forgetsOnlyExpiredNonces_andSurvivesReopen() {
        Path file = dir.resolve("store.mv.db");
        try (AgentStore store = AgentStore.open(file)) {
            store.nonces().remember("old", NOW.minusSeconds(1));
            store.nonces().remember("edge", NOW);
            store.nonces().remember("fresh", NOW.plusSeconds(60));
            store.nonces().remember("forever", Instant.MAX);

            assertThat(store.nonces().pruneExpired(NOW)).isEqualTo(2);
            assertThat(store.nonces().size()).isEqualTo(2);
        }
        try (AgentStore store = AgentStore.open(file)) {
            assertThat(store.nonces().remember("old", NOW.plusSeconds(60))).isTrue();
            assertThat(store.nonces().remember("fresh", NOW.plusSeconds(60))).isFalse();
            assertThat(store.nonces().remember("forever", NOW.plusSeconds(60))).isFalse();
        }
    }

    @Test
    void remember_whenExpiredButNotPruned_stillReportsReplay() {
        try (AgentStore store = AgentStore.open(dir.resolve("store.mv.db"))) {
            store.nonces().remember("n-1", NOW.minusSeconds(60));

            assertThat(store.nonces().remember("n-1", NOW.plusSeconds(60))).isFalse();
        }
    }

    @Test
    void remember_rejectsEmptyNonce() {
        try (AgentStore store = AgentStore.open(dir.resolve("store.mv.db"))) {
            assertThatThrownBy(() -> store.nonces().remember("", NOW))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nonce");
        }
    }
}
