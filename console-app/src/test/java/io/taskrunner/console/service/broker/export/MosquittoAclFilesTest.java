package io.taskrunner.console.service.broker.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.taskrunner.protocol.Topics;
import org.junit.jupiter.api.Test;

class MosquittoAclFilesTest {
    private final MosquittoAclFiles files = new MosquittoAclFiles(Topics.DEFAULT_PREFIX);

    @Test
    void certified_givesTheConsoleEverything_andEachAgentItsOwnLines_thenDeniesTheRestOfTheTree() {
        List<String> lines = rulesOnly(files.certified(ExportFixtures.rules()));

        assertThat(lines).containsExactly(
                "user console",
                "topic readwrite #",
                "topic read $SYS/#",
                "user agent-a",
                "topic readwrite taskrunner/v1/agents/agent-a/#",
                "topic write taskrunner/v1/agents/+/trigger/#",
                "topic write taskrunner/v1/devices/#",
                "topic read taskrunner/v1/groups/line1/commands",
                "topic read taskrunner/v1/groups/line2/commands",
                "user agent-b",
                "topic readwrite taskrunner/v1/agents/agent-b/#",
                "topic write taskrunner/v1/agents/+/trigger/#",
                "topic write taskrunner/v1/devices/#",
                "pattern deny taskrunner/v1/#",
                "pattern readwrite #");
    }

    @Test
    void devices_grantPublishingAndReplies_adhoc_andTheInbox_leavingOutDevicesWithoutAMosquittoHash() {
        List<String> lines = rulesOnly(files.devices(ExportFixtures.rules()));

        assertThat(lines).startsWith(
                "user line1-button",
                "topic write factory/line1/+/button",
                "topic read factory/line1/+/button/reply",
                "topic write taskrunner/v1/agents/agent-a/trigger/#",
                "topic read taskrunner/v1/agents/agent-a/trigger/reply",
                "topic read taskrunner/v1/agents/agent-a/trigger/+/reply",
                "topic read taskrunner/v1/agents/agent-a/trigger/+/+/reply");
        assertThat(lines).contains("topic read taskrunner/v1/agents/agent-a/trigger"
                + "/+".repeat(MosquittoAclFiles.REPLY_DEPTH) + "/reply");
        assertThat(lines).doesNotContain("topic read taskrunner/v1/agents/agent-a/trigger"
                + "/+".repeat(MosquittoAclFiles.REPLY_DEPTH + 1) + "/reply");
        assertThat(lines).endsWith(
                "topic write taskrunner/v1/agents/agent-b/adhoc",
                "topic read taskrunner/v1/agents/agent-b/adhoc/reply",
                "pattern read taskrunner/v1/devices/%u/#");
        assertThat(String.join("\n", lines)).doesNotContain("old-sensor").doesNotContain("factory/sensors");
    }

    @Test
    void replies_leaveOutFiltersThatReachAnAgentsControlTopics() {
        // a grant may end at the agent level; its replies one level down would be control topics
        DeviceAccess device = ExportFixtures.device("odd", java.util.Optional.of(ExportFixtures.HASH),
                List.of("taskrunner/v1/agents/+"), List.of());

        assertThat(files.replies(device.publishFilters().getFirst())).extracting(Object::toString)
                .containsExactly("taskrunner/v1/agents/+/reply");
    }

    @Test
    void files_withNoAgentsOrDevices_stillRefuseTheTree() {
        BrokerRules none = new BrokerRules(List.of(), List.of());

        assertThat(rulesOnly(files.certified(none))).containsExactly("user console", "topic readwrite #",
                "topic read $SYS/#", "pattern deny taskrunner/v1/#", "pattern readwrite #");
        assertThat(rulesOnly(files.devices(none))).containsExactly("pattern read taskrunner/v1/devices/%u/#");
    }

    private static List<String> rulesOnly(String file) {
        return file.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
    }
}
