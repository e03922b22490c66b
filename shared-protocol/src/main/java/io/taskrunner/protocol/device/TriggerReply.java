package io.taskrunner.protocol.device;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/**
 * What a device gets back for a trigger, as JSON: on its MQTT 5 response topic (with its correlation data), on
 * {@code <topic>/reply} for MQTT 3.1.1 rules that ask for replies, or as an HTTP response body.
 *
 * @param state      a run's final state ({@code succeeded}, {@code failed}, {@code timed_out}, {@code cancelled},
 *                   {@code rejected}, {@code interrupted}), or {@code skipped} (the rule's condition was false, or a
 *                   debounced repeat), or {@code stored} (a store rule wrote its row)
 * @param runId      the run, when one was started (also for a debounced repeat: the run it was folded into)
 * @param error      why it failed, was rejected or skipped
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TriggerReply(
        String state,
        UUID runId,
        String task,
        String rule,
        Integer exitCode,
        Long durationMs,
        JsonNode result,
        String error) {

    public static final String SKIPPED = "skipped";
    public static final String STORED = "stored";
}
