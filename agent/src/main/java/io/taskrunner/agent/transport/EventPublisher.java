package io.taskrunner.agent.transport;

import java.util.concurrent.CompletableFuture;

/** Sends one recorded event's bytes to the console; completes when the broker accepted it (QoS 1). */
@FunctionalInterface
public interface EventPublisher {
    CompletableFuture<?> publish(byte[] event);
}
