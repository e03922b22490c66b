package io.taskrunner.protocol.definition.schedule;

import java.time.LocalDateTime;
import java.util.Optional;

/** The wall-clock times a schedule fires at, before daylight saving is applied ({@link WallClock}). */
interface LocalTimes {
    /** The first local time strictly after {@code local}, or empty when there is none. */
    Optional<LocalDateTime> nextAfter(LocalDateTime local);

    /** Whether a time in a fall-back overlap fires in both passes (else the first only). */
    boolean bothPassesOfOverlap();
}
