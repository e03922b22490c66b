package io.taskrunner.agent.scheduler;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskrunner.protocol.definition.schedule.ScheduleDefinition;
import io.taskrunner.protocol.message.ScheduleOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * What the agent store keeps of a schedule across restarts: up to which fire time it was handled, and its last
 * firing. {@code fingerprint} identifies the definition: a changed schedule does not catch up on fire times of its
 * old self.
 *
 * @param handledUntil epoch ms of the last fire time acted on (fired, skipped or missed)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ScheduleMemory(
        String fingerprint,
        long handledUntil,
        Long lastScheduledAt,
        Long lastFiredAt,
        ScheduleOutcome lastOutcome) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    byte[] encode() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stored memory, or empty when there is none or it cannot be read (then the schedule starts afresh). */
    static Optional<ScheduleMemory> decode(byte[] bytes) {
        try {
            return Optional.of(JSON.readValue(bytes, ScheduleMemory.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A stable digest of the definition's JSON. */
    static String fingerprint(ScheduleDefinition definition) {
        try {
            byte[] json = JSON.writeValueAsString(definition).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json), 0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
