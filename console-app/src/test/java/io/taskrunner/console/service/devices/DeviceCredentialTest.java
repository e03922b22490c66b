package io.taskrunner.console.service.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceCredentialTest {
    private static final Instant CREATED = Instant.parse("2025-03-01T09:00:00Z");

    @Test
    void aValidCredential_keepsItsFilters_andTrimsItsDescription() {
        DeviceCredential credential = credential("line1-button", List.of("taskrunner/v1/agents/agent-x/trigger/+",
                "factory/line1/+/button", "plant/#"));

        assertThat(credential.publishFilters()).containsExactly("taskrunner/v1/agents/agent-x/trigger/+",
                "factory/line1/+/button", "plant/#");
        assertThat(new DeviceCredential("d", "  door  ", List.of(), true, CREATED, null).description())
                .isEqualTo("door");
        assertThat(new DeviceCredential("d", null, List.of(), true, CREATED, null).description()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(quoteCharacter = '"', value = {
        "\"\", name: must not be empty",
        "line.1, name: must not contain '.'",
        "a/b, name: must not contain '/'",
        "a+b, name: must not contain '+'",
        "$sys, name: must not contain '$'",
        "a b, name: must not contain whitespace",
        "null, name: must not be the reserved word",
        "console, name: 'console' is reserved",
    })
    void name_followsTheRulesOfABrokerIdentity(String name, String message) {
        assertThatThrownBy(() -> credential(name, List.of("a/b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "$SYS/broker/x | publishFilters[1]: '$SYS/broker/x' must not be a '$' system topic",
        "$share/g/a | publishFilters[1]: '$share/g/a' must not be a '$' system topic",
        "taskrunner/v1/agents/agent-x/commands | publishFilters[1]: 'taskrunner/v1/agents/agent-x/commands' must not "
                + "reach an agent's control topics",
        "taskrunner/v1/agents/+/desired | publishFilters[1]: 'taskrunner/v1/agents/+/desired' must not reach",
        "taskrunner/v1/agents/agent-x/state/x | publishFilters[1]: 'taskrunner/v1/agents/agent-x/state/x' must not",
        "taskrunner/v1/agents/agent-x/+ | publishFilters[1]: 'taskrunner/v1/agents/agent-x/+' must not reach",
        "taskrunner/# | publishFilters[1]: 'taskrunner/#' must not reach",
        "# | publishFilters[1]: '#' must not reach",
        "+/v1/agents/x/metrics | publishFilters[1]: '+/v1/agents/x/metrics' must not reach",
        "taskrunner/v1/groups/workers/commands | publishFilters[1]: 'taskrunner/v1/groups/workers/commands' must not",
        "taskrunner/v1/devices/other/r1 | publishFilters[1]: 'taskrunner/v1/devices/other/r1' must not reach the "
                + "devices' reply inboxes",
        "a/#/b | publishFilters[1]: '#' must be the last level",
        "a/b+ | publishFilters[1]: '+' and '#' must stand alone",
    })
    void publishFilters_thatAreInvalidOrReachControlTopics_areRefusedNamingTheIndex(String filter, String message) {
        assertThatThrownBy(() -> credential("d", List.of("factory/line1/+/button", filter)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"taskrunner/v1/agents/agent-x/trigger/+", "taskrunner/v1/agents/agent-x/trigger/#",
            "taskrunner/v1/agents/+/trigger/open-door", "taskrunner/v1/status", "factory/+/+/button"})
    void publishFilters_mayNameTriggersAndTheDevicesOwnTopics(String filter) {
        assertThat(credential("d", List.of(filter)).publishFilters()).containsExactly(filter);
    }

    @Test
    void publishFilters_areLimitedInNumberAndLength_andMustNotRepeat() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= DeviceCredential.MAX_FILTERS; i++) {
            many.add("factory/" + i);
        }
        assertThatThrownBy(() -> credential("d", many)).hasMessage("publishFilters: at most 64 filters, was 65");
        assertThat(credential("d", many.subList(0, DeviceCredential.MAX_FILTERS)).publishFilters()).hasSize(64);

        String longest = "f/" + "x".repeat(DeviceCredential.MAX_FILTER_LENGTH - 2);
        assertThat(credential("d", List.of(longest)).publishFilters()).containsExactly(longest);
        assertThatThrownBy(() -> credential("d", List.of("a", longest + "x")))
                .hasMessage("publishFilters[1]: must be at most 256 characters, was 257");

        assertThatThrownBy(() -> credential("d", List.of("a/b", "c", "a/b")))
                .hasMessage("publishFilters[2]: 'a/b' is listed twice");
        assertThatThrownBy(() -> credential("d", null)).hasMessageStartingWith("publishFilters: must not be missing");
        assertThatThrownBy(() -> credential("d", java.util.Arrays.asList("a", null)))
                .hasMessage("publishFilters[1]: must not be empty");
    }

    @Test
    void description_isLimited() {
        assertThatThrownBy(() -> new DeviceCredential("d", "x".repeat(1025), List.of(), true, CREATED, null))
                .hasMessage("description: must be at most 1024 characters, was 1025");
    }

    private static DeviceCredential credential(String name, List<String> filters) {
        return new DeviceCredential(name, "", filters, true, CREATED, null);
    }
}
