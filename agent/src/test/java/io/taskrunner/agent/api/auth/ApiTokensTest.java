package io.taskrunner.agent.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTokensTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T08:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void create_storesOnlyTheHash_andTheTokenIsRecognised() throws Exception {
        TokenFile file = new TokenFile(dir);
        ApiTokens tokens = new ApiTokens(file);

        String token = file.create("erp", List.of("backup", "report"), CLOCK);

        assertThat(token).startsWith("trk_").hasSize(47);
        String stored = Files.readString(file.path());
        assertThat(stored).doesNotContain(token.substring(4)).contains(TokenHashes.sha256Hex(token))
                .contains("2026-03-01T08:00:00Z");
        assertThat(Files.getPosixFilePermissions(file.path())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(tokens.find(token)).hasValueSatisfying(found -> {
            assertThat(found.name()).isEqualTo("erp");
            assertThat(found.scopes()).containsExactly("backup", "report");
        });
    }

    @Test
    void find_refusesOtherTokens_evenAlmostEqualOnes() {
        TokenFile file = new TokenFile(dir);
        String token = file.create("erp", List.of("*"), CLOCK);
        ApiTokens tokens = new ApiTokens(file);

        assertThat(tokens.find(token.substring(0, 46) + (token.endsWith("A") ? "B" : "A"))).isEmpty();
        assertThat(tokens.find(token + "x")).isEmpty();
        assertThat(tokens.find("")).isEmpty();
        assertThat(tokens.find(null)).isEmpty();
        assertThat(tokens.find(TokenHashes.sha256Hex(token))).as("the hash is no token").isEmpty();
    }

    @Test
    void revoke_andCreate_countAtOnceForARunningAgent() {
        TokenFile file = new TokenFile(dir);
        ApiTokens tokens = new ApiTokens(file);
        String first = file.create("erp", List.of("*"), CLOCK);
        assertThat(tokens.find(first)).isPresent();

        assertThat(file.revoke("erp")).isTrue();

        assertThat(tokens.find(first)).isEmpty();
        assertThat(file.revoke("erp")).isFalse();
        String second = file.create("erp", List.of("adhoc"), CLOCK);
        assertThat(tokens.find(second)).hasValueSatisfying(found -> assertThat(found.scopes())
                .containsExactly("adhoc"));
    }

    @Test
    void aBrokenFile_keepsTheTokensReadBefore() throws Exception {
        TokenFile file = new TokenFile(dir);
        String token = file.create("erp", List.of("*"), CLOCK);
        ApiTokens tokens = new ApiTokens(file);
        assertThat(tokens.find(token)).isPresent();

        Files.writeString(file.path(), "{\"tokens\": [ broken");

        assertThat(tokens.find(token)).isPresent();
    }

    @Test
    void namesAndScopes_areChecked() {
        TokenFile file = new TokenFile(dir);
        file.create("erp", List.of("*"), CLOCK);

        assertThatThrownBy(() -> file.create("erp", List.of("*"), CLOCK)).hasMessageContaining("exists already");
        assertThatThrownBy(() -> file.create("a b", List.of("*"), CLOCK)).hasMessageContaining("token name");
        assertThatThrownBy(() -> file.create("x", List.of("a/b"), CLOCK)).hasMessageContaining("scope 'a/b'");
        assertThat(file.read()).hasSize(1);
    }

    @Test
    void caller_scopes_coverTasksStoresAndAdHoc() {
        Caller all = new Caller("ops", java.util.Set.of("*"), true, "127.0.0.1");
        Caller some = new Caller("erp", java.util.Set.of("backup", "store:readings", "adhoc"), true, "127.0.0.1");

        assertThat(all.mayRun("anything")).isTrue();
        assertThat(all.mayRunAdHoc()).as("adhoc is never implied").isFalse();
        assertThat(all.mayRun("ad-hoc")).isFalse();
        assertThat(all.mayStore("readings")).isTrue();
        assertThat(some.mayRun("backup")).isTrue();
        assertThat(some.mayRun("report")).isFalse();
        assertThat(some.mayStore("readings")).isTrue();
        assertThat(some.mayStore("other")).isFalse();
        assertThat(some.mayRun("ad-hoc")).isTrue();
    }
}
