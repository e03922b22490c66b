package io.taskrunner.agent.watchdog.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskrunner.agent.MutableClock;
import io.taskrunner.protocol.definition.watchdog.MqttSilenceCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Against the real Mosquitto on 127.0.0.1:1883 (anonymous, no TLS); a device's heartbeat is {@code mosquitto_pub}. */
class MqttSilenceProbeIT {
    private static final String HOST = "127.0.0.1";
    private static final int PORT = 1883;

    @Test
    void failsWhenTheTopicFallsSilent_andRecoversWithTheNextMessage() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-22T01:00:00Z"));
        String device = "plant/" + UUID.randomUUID() + "/heartbeat";
        try (HiveMqTopicMessages topics = new HiveMqTopicMessages(HOST, PORT);
                MqttSilenceProbe probe = new MqttSilenceProbe(new MqttSilenceCheck("plant/+/heartbeat", 30), topics,
                        clock)) {
            assertThat(probe.run().healthy()).isTrue();
            clock.advance(Duration.ofSeconds(31));
            assertThat(probe.run().key()).isEqualTo("watchdog.check.mqtt.never");

            heartbeat(device);
            await().atMost(Duration.ofSeconds(10)).until(() -> probe.run().healthy());

            clock.advance(Duration.ofSeconds(20));
            assertThat(probe.run().healthy()).isTrue();
            clock.advance(Duration.ofSeconds(11));
            CheckResult silent = probe.run();
            assertThat(silent.key()).isEqualTo("watchdog.check.mqtt.silent");
            assertThat(silent.args()).containsExactly("plant/+/heartbeat", 31L);

            heartbeat(device);
            await().atMost(Duration.ofSeconds(10)).until(() -> probe.run().healthy());
        }
    }

    @Test
    void messagesOnOtherTopics_doNotCount() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-22T01:00:00Z"));
        String watched = "dev/" + UUID.randomUUID() + "/heartbeat";
        try (HiveMqTopicMessages topics = new HiveMqTopicMessages(HOST, PORT);
                MqttSilenceProbe probe = new MqttSilenceProbe(new MqttSilenceCheck(watched, 5), topics, clock);
                MqttSilenceProbe control = new MqttSilenceProbe(new MqttSilenceCheck(watched + "/other", 5), topics,
                        clock)) {
            clock.advance(Duration.ofSeconds(6));
            heartbeat(watched + "/other");
            await().atMost(Duration.ofSeconds(10)).until(() -> control.run().healthy());

            assertThat(probe.run().healthy()).isFalse();
        }
    }

    private static void heartbeat(String topic) throws Exception {
        Process publish = new ProcessBuilder("mosquitto_pub", "-h", HOST, "-p", Integer.toString(PORT), "-q", "1",
                "-t", topic, "-m", "{\"alive\":true}").inheritIO().start();
        assertThat(publish.waitFor()).isZero();
    }
}
