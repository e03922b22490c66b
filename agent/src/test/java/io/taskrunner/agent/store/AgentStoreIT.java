package io.taskrunner.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentStoreIT {

    @TempDir
    Path dir;

    @Test
    void open_createsMissingDirectoriesAndFile() {
        Path file = dir.resolve("a/b/agent-store.mv.db");

        try (AgentStore store = AgentStore.open(file)) {
            assertThat(store.file()).isEqualTo(file.toAbsolutePath());
        }

        assertThat(file).isRegularFile();
    }

    @Test
    void open_whenFileIsAlreadyOpen_failsNamingTheFile() {
        Path file = dir.resolve("agent-store.mv.db");
        try (AgentStore first = AgentStore.open(file)) {
            assertThatThrownBy(() -> AgentStore.open(file))
                    .isInstanceOf(AgentStoreException.class)
                    .hasMessageContaining(file.toString());
            assertThat(first.outbox().append(new byte[] {1})).isEqualTo(1);
        }
    }

    @Test
    void open_whenFileIsNotAStore_failsNamingTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("garbage.mv.db"), "this is not an MVStore file ".repeat(200));

        assertThatThrownBy(() -> AgentStore.open(file))
                .isInstanceOf(AgentStoreException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void close_isIdempotent() {
        AgentStore store = AgentStore.open(dir.resolve("agent-store.mv.db"));
        store.close();
        store.close();
    }
}
