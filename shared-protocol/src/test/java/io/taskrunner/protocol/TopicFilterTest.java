package io.taskrunner.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicFilterTest {

    @Test
    void matches_followsMqttWildcards() {
        assertThat(TopicFilter.matches("factory/+/button", "factory/line1/button")).isTrue();
        assertThat(TopicFilter.matches("factory/+/button", "factory/line1/x/button")).isFalse();
        assertThat(TopicFilter.matches("factory/#", "factory")).isTrue();
        assertThat(TopicFilter.matches("factory/#", "factory/a/b/c")).isTrue();
        assertThat(TopicFilter.matches("factory/line1", "factory/line1/reply")).isFalse();
        assertThat(TopicFilter.matches("+/+", "a/b")).isTrue();
        assertThat(TopicFilter.matches("+", "a/b")).isFalse();
        assertThat(TopicFilter.matches("factory/+", "factory/")).isTrue();
        assertThat(TopicFilter.matches("#", "$SYS/broker/uptime")).isFalse();
    }

    @Test
    void check_acceptsDeviceFilters() {
        assertThat(TopicFilter.check("factory/line1/+/button", "topic")).isEqualTo("factory/line1/+/button");
        assertThat(TopicFilter.check("scales/#", "topic")).isEqualTo("scales/#");
    }

    @Test
    void check_refusesWhatNoDeviceRuleShouldUse_namingTheField() {
        assertThatThrownBy(() -> TopicFilter.check("", "topic")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("topic");
        assertThatThrownBy(() -> TopicFilter.check("$SYS/#", "topic")).hasMessageContaining("must not start with $");
        assertThatThrownBy(() -> TopicFilter.check("$share/g/a", "topic")).hasMessageContaining("$");
        assertThatThrownBy(() -> TopicFilter.check("a/b#", "topic")).hasMessageContaining("whole level");
        assertThatThrownBy(() -> TopicFilter.check("a/+b/c", "topic")).hasMessageContaining("whole level");
        assertThatThrownBy(() -> TopicFilter.check("a/#/c", "topic")).hasMessageContaining("last level");
        assertThatThrownBy(() -> TopicFilter.check("a/\u0000/c", "topic")).hasMessageContaining("control");
        assertThatThrownBy(() -> TopicFilter.check("a/".repeat(40) + "b", "topic")).hasMessageContaining("levels");
        assertThatThrownBy(() -> TopicFilter.check("x".repeat(300), "topic")).hasMessageContaining("256");
    }
}
