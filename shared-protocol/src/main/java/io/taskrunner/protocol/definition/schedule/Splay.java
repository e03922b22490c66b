package io.taskrunner.protocol.definition.schedule;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A schedule's spread: each agent fires {@code splay} seconds' worth of a fixed offset after the nominal time. The
 * offset is a hash of the seed (the agent id) and the schedule name, so a fleet spreads its load while one agent
 * fires at the same offset every time and after every restart.
 */
final class Splay {
    private Splay() {
    }

    /** An offset in {@code [0, splaySeconds)} in milliseconds; zero when there is no splay. */
    static Duration offset(long splaySeconds, String seed, String schedule) {
        if (splaySeconds <= 0) {
            return Duration.ZERO;
        }
        // FNV-1a, 64 bit: stable across JVMs and versions, unlike String.hashCode's weak mixing of short ids
        long hash = 0xcbf29ce484222325L;
        for (byte b : (seed + '\n' + schedule).getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return Duration.ofMillis(Math.floorMod(hash, splaySeconds * 1000));
    }
}
