package io.taskrunner.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventKindsTest {

    @Test
    void isAlert_readsTheEnvelopeType_whereverItStands() {
        assertThat(EventKinds.isAlert(bytes("{\"type\":\"alert.raised\",\"seq\":3,\"body\":{}}"))).isTrue();
        assertThat(EventKinds.isAlert(bytes("{\"id\":\"x\",\"body\":{\"type\":\"run.finished\"},"
                + "\"type\":\"alert.raised\"}"))).isTrue();
    }

    @Test
    void isAlert_isFalse_forOtherEventsAndForJunk() {
        assertThat(EventKinds.isAlert(bytes("{\"type\":\"run.finished\",\"body\":{\"type\":\"alert.raised\"}}")))
                .isFalse();
        assertThat(EventKinds.isAlert(bytes("{\"body\":{\"type\":\"alert.raised\"}}"))).isFalse();
        assertThat(EventKinds.isAlert(bytes("[\"alert.raised\"]"))).isFalse();
        assertThat(EventKinds.isAlert(bytes("{\"type\":"))).isFalse();
        assertThat(EventKinds.isAlert(new byte[0])).isFalse();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
