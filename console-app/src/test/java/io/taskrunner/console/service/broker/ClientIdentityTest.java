package io.taskrunner.console.service.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ClientIdentityTest {
    @ParameterizedTest
    @ValueSource(strings = {"agent-1", "PC_0042", "console", "工控机-3", "a"})
    void parse_acceptsPlainIds(String id) {
        assertThat(ClientIdentity.parse(id)).map(ClientIdentity::value).contains(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a.b", "a*", "a#", "a/b", "a+b", "$share", "a::b", "a b", "a\tb", "a\nb", "a\u0000",
            "a\u200bb", "null"})
    void parse_refusesIdsThatCouldWidenATopicRule(String id) {
        assertThat(ClientIdentity.parse(id)).isEmpty();
    }

    @Test
    void parse_refusesOverlongIds() {
        assertThat(ClientIdentity.parse("x".repeat(ClientIdentity.MAX_LENGTH))).isPresent();
        assertThat(ClientIdentity.parse("x".repeat(ClientIdentity.MAX_LENGTH + 1))).isEmpty();
    }

    @Test
    void constructor_withInvalidId_namesTheFieldAndTheProblem() {
        assertThatThrownBy(() -> new ClientIdentity("agent.1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("value must not contain '.'");
    }

    @Test
    void role_isConsoleOnlyForTheConsoleId() {
        assertThat(new ClientIdentity("console").role()).isEqualTo(ClientRole.CONSOLE);
        assertThat(new ClientIdentity("Console").role()).isEqualTo(ClientRole.AGENT);
        assertThat(new ClientIdentity("agent-1").role()).isEqualTo(ClientRole.AGENT);
    }

    @Test
    void device_hasTheDeviceRole_andIsNeverTheConsole() {
        assertThat(ClientIdentity.device("line1-button").role()).isEqualTo(ClientRole.DEVICE);
        assertThat(ClientIdentity.device("line1-button")).isNotEqualTo(new ClientIdentity("line1-button"));
        assertThatThrownBy(() -> ClientIdentity.device("console")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientIdentity("agent-1", ClientRole.CONSOLE))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
