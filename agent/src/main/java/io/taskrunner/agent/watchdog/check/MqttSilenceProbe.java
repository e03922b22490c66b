package io.taskrunner.agent.watchdog.check;

import io.taskrunner.protocol.definition.watchdog.MqttSilenceCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Listens on the topic from its creation on and fails when the last message (or, before the first, the start) is
 * more than {@code maxSilenceSeconds} old. Messages are seen as they arrive; the check only compares times.
 */
final class MqttSilenceProbe implements Probe {
    private final MqttSilenceCheck check;
    private final Clock clock;
    private final AutoCloseable subscription;
    private volatile Instant lastMessage;
    private volatile boolean heard;

    MqttSilenceProbe(MqttSilenceCheck check, TopicMessages topics, Clock clock) {
        this.check = check;
        this.clock = clock;
        this.lastMessage = clock.instant();
        this.subscription = topics.listen(check.topic(), () -> {
            lastMessage = clock.instant();
            heard = true;
        });
    }

    @Override
    public CheckResult run() {
        long silent = Duration.between(lastMessage, clock.instant()).toSeconds();
        if (silent <= check.maxSilenceSeconds()) {
            return CheckResult.ok();
        }
        return heard ? CheckResult.failed("watchdog.check.mqtt.silent", check.topic(), silent)
                : CheckResult.failed("watchdog.check.mqtt.never", check.topic(), silent);
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop listening on " + check.topic(), e);
        }
    }
}
