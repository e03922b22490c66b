package io.taskrunner.console.service.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.activemq.artemis.core.config.WildcardConfiguration;
import org.apache.activemq.artemis.core.protocol.mqtt.MQTTUtil;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TopicFilterTest {
    @ParameterizedTest
    @ValueSource(strings = {"a/b/c", "a/+/c", "a/#", "#", "+", "/a", "a//b", "factory/line 1/温度", "a.b/c*d",
            "a\\b"})
    void parseAddress_ofTheAddressArtemisMapsATopicTo_givesTheSameFilter(String topic) {
        String address = MQTTUtil.getCoreAddressFromMqttTopic(topic, new WildcardConfiguration());

        assertThat(TopicFilter.parseAddress(address)).contains(TopicFilter.parseMqtt(topic, "topic"));
    }

    @Test
    void parseAddress_keepsAnEscapedDotInsideItsLevel() {
        TopicFilter filter = TopicFilter.parseAddress("factory.line1.7\\.x.button").orElseThrow();

        assertThat(filter.levels()).hasSize(4);
        assertThat(filter.toString()).isEqualTo("factory/line1/7.x/button");
        assertThat(TopicFilter.parseMqtt("factory/line1/+/button", "f").covers(filter)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a*b.c", "a.#.b", "a.b#", "a.b\\"})
    void parseAddress_ofSomethingNoMqttClientCouldAskFor_isEmpty(String address) {
        assertThat(TopicFilter.parseAddress(address)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "'', must not be empty",
        "a/#/b, '#' must be the last level",
        "a/b#, '+' and '#' must stand alone",
        "a+/b, '+' and '#' must stand alone",
    })
    void parseMqtt_ofAnInvalidFilter_namesTheField(String filter, String problem) {
        assertThatThrownBy(() -> TopicFilter.parseMqtt(filter, "publishFilters[3]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("publishFilters[3]: ")
                .hasMessageContaining(problem);
    }

    @Test
    void parseMqtt_refusesControlCharactersAndBrokenUtf16() {
        assertThatThrownBy(() -> TopicFilter.parseMqtt("a/\u0000", "f")).hasMessage("f: must not contain control "
                + "characters");
        assertThatThrownBy(() -> TopicFilter.parseMqtt("a/\ud800", "f")).hasMessageContaining("unpaired");
        assertThat(TopicFilter.parseMqtt("a/\ud83d\ude00", "f").toString()).isEqualTo("a/\ud83d\ude00");
    }

    @ParameterizedTest
    @CsvSource({
        "a/+/c, a/b/c, true",
        "a/+/c, a/+/c, true",
        "a/+/c, a/b/d, false",
        "a/+/c, a/b/c/d, false",
        "a/+/c, a/#, false",
        "a/b/c, a/+/c, false",
        "a/#, a, true",
        "a/#, a/b/c, true",
        "a/#, a/+/#, true",
        "a/#, b/c, false",
        "#, x/y, true",
        "+, x/y, false",
        "a/b, a/b/c, false",
        "a/b/c, a/b, false",
    })
    void covers_holdsWhenEveryTopicOfTheOtherMatches(String filter, String other, boolean covers) {
        assertThat(TopicFilter.parseMqtt(filter, "f").covers(TopicFilter.parseMqtt(other, "o"))).isEqualTo(covers);
    }

    @ParameterizedTest
    @CsvSource({
        "a/+/c, a/b/+, true",
        "a/+/c, a/b/d, false",
        "taskrunner/#, taskrunner/v1/agents/+/commands/#, true",
        "taskrunner/v1/agents/x, taskrunner/v1/agents/+/commands/#, false",
        "taskrunner/v1/agents/x/trigger/+, taskrunner/v1/agents/+/commands/#, false",
        "+/v1/agents/x/commands, taskrunner/v1/agents/+/commands/#, true",
        "a, a/#, true",
        "a, a/+, false",
        "a/b, a/b, true",
    })
    void intersects_holdsWhenSomeTopicMatchesBoth(String filter, String other, boolean intersects) {
        TopicFilter one = TopicFilter.parseMqtt(filter, "f");
        TopicFilter two = TopicFilter.parseMqtt(other, "o");

        assertThat(one.intersects(two)).isEqualTo(intersects);
        assertThat(two.intersects(one)).isEqualTo(intersects);
    }
}
