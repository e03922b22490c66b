package io.taskrunner.console.service.apitokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.console.MutableClock;
import io.taskrunner.console.persistence.Database;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultApiTokenServiceTest {
    @TempDir
    java.nio.file.Path dir;

    private Database database;
    private MutableClock clock;
    private DefaultApiTokenService tokens;

    @BeforeEach
    void open() {
        database = Database.open(dir);
        clock = new MutableClock(Instant.parse("2030-01-01T08:00:00Z"));
        tokens = new DefaultApiTokenService(database, clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void createdToken_authenticates_andOnlyItsHashIsStored() throws Exception {
        NewApiToken created = tokens.create("erp", EnumSet.of(ApiScope.RUNS_WRITE, ApiScope.RUNS_READ), List.of(),
                List.of("line-1"));

        assertThat(tokens.authenticate(created.secret())).get().extracting(ApiToken::name).isEqualTo("erp");
        assertThat(created.toString()).doesNotContain(created.secret());
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT * FROM api_tokens");
                ResultSet rows = query.executeQuery()) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getBytes("token_hash")).isEqualTo(TokenSecrets.sha256(created.secret()));
            for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                Object value = rows.getObject(column);
                String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1)
                        : String.valueOf(value);
                assertThat(text).doesNotContain(created.secret().substring(4));
            }
        }
        ApiToken listed = tokens.tokens().getFirst();
        assertThat(listed.scopes()).containsExactlyInAnyOrder(ApiScope.RUNS_WRITE, ApiScope.RUNS_READ);
        assertThat(listed.agentGroups()).containsExactly("line-1");
        assertThat(listed.lastUsedAt()).isEqualTo(clock.instant());
    }

    @Test
    void unknownOrMalformedTokens_doNotAuthenticate() {
        NewApiToken created = tokens.create("erp", Set.of(ApiScope.AGENTS_READ), List.of(), List.of());
        String other = TokenSecrets.newSecret();

        assertThat(tokens.authenticate(other)).isEmpty();
        assertThat(tokens.authenticate(created.secret() + "x")).isEmpty();
        assertThat(tokens.authenticate(created.secret().substring(1))).isEmpty();
        assertThat(tokens.authenticate(null)).isEmpty();
    }

    @Test
    void revokedToken_noLongerAuthenticates_andItsNameCanBeUsedAgain() {
        NewApiToken first = tokens.create("erp", Set.of(ApiScope.RUNS_READ), List.of(), List.of());
        clock.advance(Duration.ofMinutes(5));

        assertThat(tokens.revoke("erp")).isTrue();
        assertThat(tokens.revoke("erp")).as("already revoked").isFalse();
        assertThat(tokens.authenticate(first.secret())).isEmpty();
        assertThat(tokens.tokens().getFirst().revokedAt()).isEqualTo(clock.instant());

        NewApiToken second = tokens.create("erp", Set.of(ApiScope.RUNS_READ), List.of(), List.of());
        assertThat(tokens.authenticate(second.secret())).isPresent();
        assertThat(tokens.authenticate(first.secret())).isEmpty();
    }

    @Test
    void secondValidTokenOfTheSameName_isRefused() {
        tokens.create("erp", Set.of(ApiScope.RUNS_READ), List.of(), List.of());

        assertThatThrownBy(() -> tokens.create("erp", Set.of(ApiScope.JOBS_READ), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("name: a token named 'erp' exists already");
    }
}
