package io.taskrunner.agent.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DebouncerTest {
    private Instant now = Instant.parse("2026-11-21T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final Debouncer debouncer = new Debouncer(clock);

    @Test
    void claim_withinTheWindow_pointsAtTheFirstRun_afterItIsFreeAgain() {
        UUID first = UUID.randomUUID();
        assertThat(debouncer.claim("button|line1", 1000, first)).isEmpty();

        now = now.plusMillis(999);
        assertThat(debouncer.claim("button|line1", 1000, UUID.randomUUID())).contains(first);

        now = now.plusMillis(1);
        UUID later = UUID.randomUUID();
        assertThat(debouncer.claim("button|line1", 1000, later)).isEmpty();
    }

    @Test
    void claim_keysAreIndependent() {
        assertThat(debouncer.claim("button|line1", 1000, UUID.randomUUID())).isEmpty();
        assertThat(debouncer.claim("button|line2", 1000, UUID.randomUUID())).isEmpty();
    }

    @Test
    void release_freesTheWindowOnlyForItsOwnRun() {
        UUID first = UUID.randomUUID();
        debouncer.claim("k", 1000, first);
        debouncer.release("k", UUID.randomUUID());
        assertThat(debouncer.claim("k", 1000, UUID.randomUUID())).contains(first);

        debouncer.release("k", first);
        assertThat(debouncer.claim("k", 1000, UUID.randomUUID())).isEmpty();
    }
}
