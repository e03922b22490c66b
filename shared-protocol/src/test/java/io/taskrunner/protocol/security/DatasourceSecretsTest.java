package io.taskrunner.protocol.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class DatasourceSecretsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SecretBox box = SecretBox.withRandomKey();

    @Test
    void sealDefinitionSet_sealsPasswordPropertiesOnly_andOpenRestoresThem() throws Exception {
        JsonNode set = JSON.readTree("{\"datasources\": [{\"name\": \"plant\", \"jdbcUrl\": \"jdbc:h2:mem:x\", "
                + "\"passwordRef\": \"env:PW\", \"properties\": {\"password\": \"Sup3r\", \"sslPassword\": \"ssl\", "
                + "\"ssl\": \"true\"}}], \"tasks\": []}");

        assertThat(DatasourceSecrets.sealDefinitionSet(set, box)).isTrue();

        JsonNode properties = set.get("datasources").get(0).get("properties");
        assertThat(properties.get("password").textValue()).startsWith(SecretBox.PREFIX);
        assertThat(properties.get("sslPassword").textValue()).startsWith(SecretBox.PREFIX);
        assertThat(properties.get("ssl").textValue()).isEqualTo("true");
        assertThat(set.get("datasources").get(0).get("passwordRef").textValue()).isEqualTo("env:PW");
        assertThat(set.toString()).doesNotContain("Sup3r");
        assertThat(DatasourceSecrets.sealDefinitionSet(set, box)).isFalse();

        assertThat(DatasourceSecrets.openDefinitionSet(set, box)).isTrue();
        assertThat(properties.get("password").textValue()).isEqualTo("Sup3r");
        assertThat(properties.get("sslPassword").textValue()).isEqualTo("ssl");
    }

    @Test
    void openDatasource_leavesPlaintextFromBeforeEncryptionAsItIs() throws Exception {
        JsonNode datasource = JSON.readTree("{\"name\": \"a\", \"properties\": {\"password\": \"old\"}}");

        assertThat(DatasourceSecrets.openDatasource(datasource, box)).isFalse();
        assertThat(datasource.get("properties").get("password").textValue()).isEqualTo("old");
    }

    @Test
    void sealDatasource_withoutProperties_changesNothing() throws Exception {
        assertThat(DatasourceSecrets.sealDatasource(JSON.readTree("{\"name\": \"a\"}"), box)).isFalse();
        assertThat(DatasourceSecrets.sealDefinitionSet(JSON.readTree("{}"), box)).isFalse();
    }
}
