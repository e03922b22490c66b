package io.taskrunner.console.service.desired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.console.persistence.Database;
import io.taskrunner.console.persistence.PersistenceException;
import io.taskrunner.console.persistence.Sql;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.security.SecretBox;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inline datasource passwords are sealed in the definitions and bundles tables and read back as given. */
class SecretsAtRestTest {
    private static final String PASSWORD = "Sup3r-plaintext";
    private static final String DATASOURCE = "{\"name\":\"plant\",\"jdbcUrl\":\"jdbc:h2:mem:plant\",\"user\":\"sa\","
            + "\"properties\":{\"password\":\"" + PASSWORD + "\",\"ssl\":\"false\"}}";
    private static final String BUNDLE = "{\"tasks\":[],\"datasources\":[" + DATASOURCE + "]}";
    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;
    private Database database;

    @BeforeEach
    void open() {
        database = Database.open(dir);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void definitions_storeTheInlinePasswordSealed_andReadItBackAsGiven() {
        DefinitionRepository repository = new DefinitionRepository(database);

        repository.put(DefinitionKind.DATASOURCE, "plant", DATASOURCE, AT);

        String row = column("SELECT body FROM definitions WHERE name = 'plant'");
        assertThat(row).contains("\"password\":\"enc:v1:").doesNotContain(PASSWORD).contains("\"ssl\":\"false\"");
        assertThat(repository.json(DefinitionKind.DATASOURCE, "plant")).contains(DATASOURCE);
        assertThat(repository.all()).singleElement().extracting(DefinitionRepository.Stored::json)
                .isEqualTo(DATASOURCE);
    }

    @Test
    void definitions_ofOtherKinds_areStoredAsGiven() {
        DefinitionRepository repository = new DefinitionRepository(database);
        String task = "{\"name\":\"t\",\"properties\":{\"password\":\"not-a-datasource\"}}";

        repository.put(DefinitionKind.TASK, "t", task, AT);

        assertThat(column("SELECT body FROM definitions WHERE name = 't'")).isEqualTo(task);
    }

    @Test
    void sealPlaintext_sealsRowsFromBeforeEncryption_once() {
        insertPlaintextDefinition();
        DefinitionRepository repository = new DefinitionRepository(database);

        assertThat(repository.sealPlaintext()).isEqualTo(1);
        assertThat(repository.sealPlaintext()).isZero();

        assertThat(column("SELECT body FROM definitions WHERE name = 'plant'")).contains("enc:v1:")
                .doesNotContain(PASSWORD);
        assertThat(repository.json(DefinitionKind.DATASOURCE, "plant")).contains(DATASOURCE);
    }

    @Test
    void desiredStateService_sealsPlaintextRowsWhenItStarts() {
        insertPlaintextDefinition();

        new DefaultDesiredStateService(database, null, null, new MessageCodec(), Clock.systemUTC());

        assertThat(column("SELECT body FROM definitions WHERE name = 'plant'")).doesNotContain(PASSWORD);
    }

    @Test
    void bundles_storeThePasswordSealed_andReadItBackAsGiven() {
        BundleRepository repository = new BundleRepository(database);

        repository.published("agent-1", 1, "hash", BUNDLE, List.of(), AT);

        assertThat(column("SELECT definitions FROM desired_bundles")).contains("enc:v1:").doesNotContain(PASSWORD);
        assertThat(repository.find("agent-1").orElseThrow().definitionsJson()).isEqualTo(BUNDLE);
    }

    @Test
    void bundles_sealPlaintext_sealsRowsFromBeforeEncryption_once() {
        database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO desired_bundles (agent_id, "
                    + "version, content_hash, definitions, published_at) VALUES ('agent-1', 1, 'h', ?, ?)")) {
                insert.setString(1, BUNDLE);
                Sql.setInstant(insert, 2, AT);
                return insert.executeUpdate();
            }
        });
        BundleRepository repository = new BundleRepository(database);

        assertThat(repository.sealPlaintext()).isEqualTo(1);
        assertThat(repository.sealPlaintext()).isZero();
        assertThat(column("SELECT definitions FROM desired_bundles")).doesNotContain(PASSWORD);
        assertThat(repository.find("agent-1").orElseThrow().definitionsJson()).isEqualTo(BUNDLE);
    }

    @Test
    void open_withAnotherKey_isRefusedAtOnce() {
        database.close();

        assertThatThrownBy(() -> Database.open(dir, SecretBox.withRandomKey()))
                .isInstanceOf(PersistenceException.class)
                .hasMessageContaining("secret key file is not the one");
        database = Database.open(dir);
    }

    private void insertPlaintextDefinition() {
        database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO definitions (kind, name, body, "
                    + "updated_at) VALUES ('datasource', 'plant', ?, ?)")) {
                insert.setString(1, DATASOURCE);
                Sql.setInstant(insert, 2, AT);
                return insert.executeUpdate();
            }
        });
    }

    private String column(String sql) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(sql); ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        });
    }
}
