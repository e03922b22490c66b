package io.taskrunner.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.protocol.Topics.AgentChannel;
import io.taskrunner.protocol.Topics.AgentTopic;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicsTest {
    private final Topics topics = Topics.withDefaultPrefix();
    private final Topics custom = new Topics("acme/tr");

    @Test
    void withDefaultPrefix_usesTaskrunnerAndV1() {
        assertThat(topics.prefix()).isEqualTo("taskrunner");
        assertThat(Topics.DEFAULT_PREFIX).isEqualTo("taskrunner");
        assertThat(Topics.VERSION).isEqualTo("v1");
    }

    @Test
    void perAgentTopics_withDefaultPrefix_followTheWireContract() {
        assertThat(topics.state("a1")).isEqualTo("taskrunner/v1/agents/a1/state");
        assertThat(topics.metrics("a1")).isEqualTo("taskrunner/v1/agents/a1/metrics");
        assertThat(topics.desired("a1")).isEqualTo("taskrunner/v1/agents/a1/desired");
        assertThat(topics.commands("a1")).isEqualTo("taskrunner/v1/agents/a1/commands");
        assertThat(topics.events("a1")).isEqualTo("taskrunner/v1/agents/a1/events");
        assertThat(topics.alerts("a1")).isEqualTo("taskrunner/v1/agents/a1/alerts");
        assertThat(topics.trigger("a1", "backup")).isEqualTo("taskrunner/v1/agents/a1/trigger/backup");
    }

    @Test
    void perAgentTopics_withCustomPrefix_startWithThatPrefix() {
        assertThat(custom.prefix()).isEqualTo("acme/tr");
        assertThat(custom.state("a1")).isEqualTo("acme/tr/v1/agents/a1/state");
        assertThat(custom.metrics("a1")).isEqualTo("acme/tr/v1/agents/a1/metrics");
        assertThat(custom.desired("a1")).isEqualTo("acme/tr/v1/agents/a1/desired");
        assertThat(custom.commands("a1")).isEqualTo("acme/tr/v1/agents/a1/commands");
        assertThat(custom.events("a1")).isEqualTo("acme/tr/v1/agents/a1/events");
        assertThat(custom.alerts("a1")).isEqualTo("acme/tr/v1/agents/a1/alerts");
        assertThat(custom.trigger("a1", "backup")).isEqualTo("acme/tr/v1/agents/a1/trigger/backup");
    }

    @Test
    void filters_useASingleLevelWildcardForTheVariablePart() {
        assertThat(topics.allAgents(AgentChannel.EVENTS)).isEqualTo("taskrunner/v1/agents/+/events");
        assertThat(topics.allAgents(AgentChannel.STATE)).isEqualTo("taskrunner/v1/agents/+/state");
        assertThat(custom.allAgents(AgentChannel.ALERTS)).isEqualTo("acme/tr/v1/agents/+/alerts");
        assertThat(topics.allTriggers("a1")).isEqualTo("taskrunner/v1/agents/a1/trigger/+");
        assertThat(custom.allTriggers("a1")).isEqualTo("acme/tr/v1/agents/a1/trigger/+");
    }

    @Test
    void groupCommands_andTheSharedSubscription_nameTheGroupTwice() {
        assertThat(topics.groupCommands("web")).isEqualTo("taskrunner/v1/groups/web/commands");
        assertThat(topics.sharedGroupCommands("web")).isEqualTo("$share/web/taskrunner/v1/groups/web/commands");
        assertThat(custom.groupCommands("web")).isEqualTo("acme/tr/v1/groups/web/commands");
        assertThat(custom.sharedGroupCommands("web")).isEqualTo("$share/web/acme/tr/v1/groups/web/commands");
    }

    @Test
    void parseGroupCommands_findsTheGroup_onlyOnAGroupsCommandsTopic() {
        assertThat(topics.parseGroupCommands("taskrunner/v1/groups/line1/commands")).contains("line1");
        assertThat(custom.parseGroupCommands("acme/tr/v1/groups/line1/commands")).contains("line1");
        assertThat(topics.parseGroupCommands("taskrunner/v1/groups/a/b/commands")).isEmpty();
        assertThat(topics.parseGroupCommands("taskrunner/v1/groups//commands")).isEmpty();
        assertThat(topics.parseGroupCommands("taskrunner/v1/agents/line1/commands")).isEmpty();
        assertThat(topics.parseGroupCommands("other/v1/groups/line1/commands")).isEmpty();
    }

    @Test
    void groupTarget_roundTrips_andAnAgentIdIsNoGroup() {
        assertThat(Topics.groupTarget("line1")).isEqualTo("group:line1");
        assertThat(Topics.groupOfTarget("group:line1")).contains("line1");
        assertThat(Topics.groupOfTarget("agent-1")).isEmpty();
        assertThat(Topics.groupOfTarget("group:a/b")).isEmpty();
        assertThat(Topics.checkTarget("group:line1", "target")).isEqualTo("group:line1");
        assertThat(Topics.checkTarget("agent-1", "target")).isEqualTo("agent-1");
        assertThatThrownBy(() -> Topics.checkTarget("group:#", "target"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("target group");
        assertThatThrownBy(() -> Topics.groupTarget("a+b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("group");
    }

    @Test
    void sharedGroupCommands_whenGroupIsAWildcard_namesTheGroupField() {
        assertThatThrownBy(() -> topics.sharedGroupCommands("#"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("group ");
        assertThatThrownBy(() -> topics.groupCommands("a/b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("group ");
    }

    @ParameterizedTest
    @EnumSource(value = AgentChannel.class, names = "TRIGGER", mode = EnumSource.Mode.EXCLUDE)
    void parse_ofEveryNonTriggerChannel_roundTrips(AgentChannel channel) {
        String topic = topics.allAgents(channel).replace("+", "agent-7");
        assertThat(topics.parse(topic)).contains(new AgentTopic("agent-7", channel, null));
    }

    @Test
    void parse_ofStateAndEventsTopics_givesAgentAndChannel() {
        assertThat(topics.parse(topics.state("a1"))).contains(new AgentTopic("a1", AgentChannel.STATE, null));
        assertThat(topics.parse(topics.events("a1"))).contains(new AgentTopic("a1", AgentChannel.EVENTS, null));
        assertThat(custom.parse(custom.events("a1"))).contains(new AgentTopic("a1", AgentChannel.EVENTS, null));
    }

    @Test
    void parse_ofATriggerTopic_givesTheTaskName() {
        assertThat(topics.parse(topics.trigger("a1", "backup")))
                .contains(new AgentTopic("a1", AgentChannel.TRIGGER, "backup"));
        assertThat(custom.parse(custom.trigger("a1", "backup")))
                .contains(new AgentTopic("a1", AgentChannel.TRIGGER, "backup"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "taskrunner",
        "taskrunner/v1",
        "taskrunner/v1/agents",
        "taskrunner/v1/agents/",
        "taskrunner/v1/agents/a1",
        "taskrunner/v1/agents/a1/",
        "taskrunner/v1/agents/a1/unknown",
        "taskrunner/v1/agents/a1/state/extra",
        "taskrunner/v1/agents//state",
        "taskrunner/v1/agents/+/state",
        "taskrunner/v1/agents/#",
        "taskrunner/v1/agents/a.b/state",
        "taskrunner/v1/agents/a1/trigger",
        "taskrunner/v1/agents/a1/trigger/",
        "taskrunner/v1/agents/a1/trigger/+",
        "taskrunner/v1/agents/a1/trigger/a/b",
        "taskrunner/v2/agents/a1/state",
        "other/v1/agents/a1/state",
        "acme/tr/v1/agents/a1/state",
        "taskrunner/v1/groups/web/commands",
        "$share/web/taskrunner/v1/groups/web/commands",
        "/taskrunner/v1/agents/a1/state",
        "TASKRUNNER/v1/agents/a1/state"
    })
    void parse_ofAForeignOrMalformedTopic_isEmpty(String topic) {
        assertThat(topics.parse(topic)).isEmpty();
    }

    @Test
    void parse_withCustomPrefix_rejectsDefaultPrefixTopics() {
        assertThat(custom.parse("taskrunner/v1/agents/a1/state")).isEmpty();
        assertThat(custom.parse("acme/tr/v1/agents/a1/state")).isPresent();
    }

    @Test
    void parse_ofNull_throwsNamingTheTopic() {
        assertThatThrownBy(() -> topics.parse(null)).isInstanceOf(NullPointerException.class).hasMessage("topic");
    }

    static Stream<String> invalidIds() {
        return Stream.of("a/b", "+", "a+b", "#", "a#", "a.b", "*", "a*b", "$SYS", "a$b", "a b", " a", "a\tb",
                "\u0000", "a\u0000b", "\n", "a\nb", "a\rb", "\u007f", "\u0085", "\u2028", "",
                "x".repeat(129));
    }

    @ParameterizedTest
    @MethodSource("invalidIds")
    void agentTopics_whenAgentIdIsInvalid_nameTheAgentIdField(String id) {
        assertThatThrownBy(() -> topics.state(id)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("agentId ");
        assertThatThrownBy(() -> topics.commands(id)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("agentId ");
        assertThatThrownBy(() -> topics.allTriggers(id)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("agentId ");
    }

    @ParameterizedTest
    @MethodSource("invalidIds")
    void trigger_whenTaskNameIsInvalid_namesTheTaskNameField(String taskName) {
        assertThatThrownBy(() -> topics.trigger("a1", taskName)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("taskName ");
    }

    @ParameterizedTest
    @MethodSource("invalidIds")
    void groupCommands_whenGroupIsInvalid_namesTheGroupField(String group) {
        assertThatThrownBy(() -> topics.groupCommands(group)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("group ");
    }

    @ParameterizedTest
    @MethodSource("invalidIds")
    void isValidLevel_whenIdIsInvalid_isFalse(String id) {
        assertThat(Topics.isValidLevel(id)).isFalse();
    }

    @Test
    void checkLevel_whenNullOrEmpty_saysMustNotBeEmpty() {
        assertThatThrownBy(() -> Topics.checkLevel(null, "agentId")).hasMessage("agentId must not be empty");
        assertThatThrownBy(() -> Topics.checkLevel("", "agentId")).hasMessage("agentId must not be empty");
    }

    @Test
    void checkLevel_whenLongerThan128_saysSo_butAccepts128() {
        assertThat(Topics.checkLevel("x".repeat(128), "agentId")).hasSize(128);
        assertThatThrownBy(() -> Topics.checkLevel("x".repeat(129), "agentId"))
                .hasMessage("agentId is longer than 128 characters");
    }

    @Test
    void checkLevel_whenControlCharacter_showsItEscapedWithItsPosition() {
        assertThatThrownBy(() -> Topics.checkLevel("ab\u0000", "agentId"))
                .hasMessage("agentId contains a character not allowed in an id: '\\u0000' at position 2");
        assertThatThrownBy(() -> Topics.checkLevel("a\nb", "taskName"))
                .hasMessage("taskName contains a character not allowed in an id: '\\u000a' at position 1");
        assertThatThrownBy(() -> Topics.checkLevel("a/b", "group"))
                .hasMessage("group contains a character not allowed in an id: '/' at position 1");
    }

    @Test
    void checkLevel_whenIdHasAnUnpairedSurrogate_namesTheField() {
        assertThatThrownBy(() -> Topics.checkLevel("a\uD800", "agentId"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("agentId ");
        assertThat(Topics.checkLevel("a\uD83D\uDE00", "agentId")).isEqualTo("a\uD83D\uDE00");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a:b", "null"})
    void checkLevel_whenIdCouldConfuseTheBrokersAuthorization_isRejected(String id) {
        assertThatThrownBy(() -> Topics.checkLevel(id, "agentId"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("agentId ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a1", "agent-01", "build_server", "Host-UPPER", "café", "机器01", "a@b", "a=b"})
    void checkLevel_whenIdIsPlain_returnsItUnchanged(String id) {
        assertThat(Topics.checkLevel(id, "agentId")).isEqualTo(id);
        assertThat(Topics.isValidLevel(id)).isTrue();
        assertThat(topics.parse(topics.state(id))).contains(new AgentTopic(id, AgentChannel.STATE, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "a/", "/a", "a//b", "a/+", "#", "a.b", "$share", "a b"})
    void constructor_whenPrefixIsInvalid_namesTheTopicPrefix(String prefix) {
        assertThatThrownBy(() -> new Topics(prefix)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("topic prefix ");
    }

    @Test
    void constructor_whenPrefixIsNull_saysItMustNotBeEmpty() {
        assertThatThrownBy(() -> new Topics(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("topic prefix must not be empty");
    }
}
