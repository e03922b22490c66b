package io.taskrunner.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.protocol.definition.TaskType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optional sections and switches of {@code agent.json} beyond the HTTP API. */
class AgentSettingsTest {
    private static final String AGENT_JSON = """
            {"agentId": "pc-7", "brokerHost": "console", "brokerPort": 8883, "consoleSigningKey": "key"%s}
            """;

    @TempDir
    Path dir;

    @Test
    void defaults_runEveryTaskType_refuseAdHocOverMqtt_andSendNoMail() throws Exception {
        AgentSettings settings = read("");

        assertThat(settings.acceptedTaskTypes()).isEqualTo(EnumSet.allOf(TaskType.class));
        assertThat(settings.mqttAdhoc()).isFalse();
        assertThat(settings.smtp()).isNull();
    }

    @Test
    void allowedTaskTypes_narrowWhatTheAgentRuns() throws Exception {
        assertThat(read(", \"allowedTaskTypes\": [\"command\", \"shell\", \"db-backup\"]").acceptedTaskTypes())
                .containsExactlyInAnyOrder(TaskType.COMMAND, TaskType.SHELL, TaskType.DB_BACKUP);
        assertThat(read(", \"allowedTaskTypes\": []").acceptedTaskTypes()).isEmpty();
        assertThatThrownBy(() -> read(", \"allowedTaskTypes\": [\"command\", \"reboot\"]"))
                .isInstanceOf(AgentConfigException.class).hasMessageContaining("allowedTaskTypes")
                .hasMessageContaining("reboot");
    }

    @Test
    void smtpSection_getsDefaultsByItsSecurity_andRefusesWhatCannotWork() throws Exception {
        SmtpSettings smtp = read(", \"smtp\": {\"host\": \"mail.plant.local\", \"from\": \"tr@plant.local\"}").smtp();
        assertThat(smtp.security()).isEqualTo("starttls");
        assertThat(smtp.port()).isEqualTo(587);
        assertThat(smtp.timeoutSeconds()).isEqualTo(20);
        assertThat(read(", \"smtp\": {\"host\": \"m\", \"from\": \"a@b\", \"security\": \"TLS\"}").smtp().port())
                .isEqualTo(465);
        assertThatThrownBy(() -> read(", \"smtp\": {\"host\": \"m\", \"from\": \"a@b\", \"username\": \"u\"}"))
                .isInstanceOf(AgentConfigException.class).hasMessageContaining("smtp.password");
        assertThatThrownBy(() -> read(", \"smtp\": {\"host\": \"m\", \"from\": \"nobody\"}"))
                .isInstanceOf(AgentConfigException.class).hasMessageContaining("smtp.from");
        assertThatThrownBy(() -> read(", \"smtp\": {\"host\": \"m\", \"from\": \"a@b\", \"security\": \"ssl3\"}"))
                .isInstanceOf(AgentConfigException.class).hasMessageContaining("smtp.security");
    }

    private AgentSettings read(String extra) throws Exception {
        Files.writeString(dir.resolve("agent.json"), AGENT_JSON.formatted(extra));
        return new SettingsFile().read(new AgentPaths(dir));
    }
}
