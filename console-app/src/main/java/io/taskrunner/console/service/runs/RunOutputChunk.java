package io.taskrunner.console.service.runs;

import io.taskrunner.protocol.message.OutputStreamName;
import java.util.UUID;

/** A piece of a run's output in agent order ({@code seq} is the agent's event sequence number). */
public record RunOutputChunk(UUID runId, long seq, OutputStreamName stream, String text) {
}
