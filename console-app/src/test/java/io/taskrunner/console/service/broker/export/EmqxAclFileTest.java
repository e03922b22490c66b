package io.taskrunner.console.service.broker.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.taskrunner.protocol.Topics;
import org.junit.jupiter.api.Test;

class EmqxAclFileTest {
    @Test
    void text_listsConsoleAgentsAndDevices_thenTheAgentsOutsideRule_andEndsDenyingEverythingElse() {
        List<String> rules = new EmqxAclFile(Topics.DEFAULT_PREFIX).text(ExportFixtures.rules()).lines()
                .filter(line -> line.startsWith("{")).toList();

        assertThat(rules.getFirst()).isEqualTo("{allow, {username, \"console\"}, all, [\"#\", \"$SYS/#\"]}.");
        assertThat(rules).contains(
                "{allow, {username, \"agent-a\"}, all, [\"taskrunner/v1/agents/agent-a/#\"]}.",
                "{allow, {username, \"agent-a\"}, publish, [\"taskrunner/v1/agents/+/trigger/#\", "
                        + "\"taskrunner/v1/devices/#\"]}.",
                "{allow, {username, \"agent-a\"}, subscribe, ["
                        + "\"$share/line1/taskrunner/v1/groups/line1/commands\", "
                        + "\"$share/line2/taskrunner/v1/groups/line2/commands\"]}.",
                "{allow, {username, \"line1-button\"}, publish, [\"factory/line1/+/button\", "
                        + "\"taskrunner/v1/agents/agent-a/trigger/#\", \"taskrunner/v1/agents/agent-b/adhoc\"]}.",
                "{allow, {username, \"old-sensor\"}, subscribe, [\"factory/sensors/old/reply\", "
                        + "\"taskrunner/v1/devices/old-sensor/#\"]}.");
        assertThat(rules).noneMatch(rule -> rule.startsWith("{allow, {username, \"agent-b\"}, subscribe"));
        assertThat(rules.subList(rules.size() - 4, rules.size())).containsExactly(
                "{deny, {'or', [{username, \"agent-a\"}, {username, \"agent-b\"}]}, subscribe, [{eq, \"#\"}, "
                        + "{eq, \"+/#\"}, {eq, \"+/+/#\"}, \"+/v1/#\", \"taskrunner/+/#\"]}.",
                "{deny, {'or', [{username, \"agent-a\"}, {username, \"agent-b\"}]}, all, [\"taskrunner/v1/#\"]}.",
                "{allow, {'or', [{username, \"agent-a\"}, {username, \"agent-b\"}]}, all, [\"#\"]}.",
                "{deny, all}.");
    }

    @Test
    void quoted_escapesBackslashesAndQuotes() {
        assertThat(EmqxAclFile.quoted("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    }
}
