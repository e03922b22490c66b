package io.taskrunner.console.service.apitokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiTokenTest {
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void scopes_areParsedFromTheirWrittenForm_commaSeparated() {
        assertThat(ApiScope.parseList("runs:read, runs:write,,JOBS:READ", "scope"))
                .containsExactlyInAnyOrder(ApiScope.RUNS_READ, ApiScope.RUNS_WRITE, ApiScope.JOBS_READ);
        assertThat(ApiScope.AGENTS_READ.wire()).isEqualTo("agents:read");
        assertThat(ApiScope.JOBS_WRITE.wire()).isEqualTo("jobs:write");
    }

    @Test
    void unknownScope_isRefused_namingTheFieldAndTheKnownScopes() {
        assertThatThrownBy(() -> ApiScope.parseList("runs:read,runs:delete", "scope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("scope: unknown scope 'runs:delete'")
                .hasMessageContaining("agents:read, runs:read, runs:write, jobs:read, jobs:write");
    }

    @Test
    void token_withoutScopes_orWithABadName_isRefused() {
        assertThatThrownBy(() -> token("erp", Set.of(), List.of(), List.of()))
                .hasMessageStartingWith("scopes: give at least one");
        assertThatThrownBy(() -> token("erp system", Set.of(ApiScope.RUNS_READ), List.of(), List.of()))
                .hasMessageStartingWith("name: 'erp system' must be");
        assertThatThrownBy(() -> token("erp", Set.of(ApiScope.RUNS_READ), List.of("a,b"), List.of()))
                .hasMessageContaining("comma");
        assertThatThrownBy(() -> token("erp", Set.of(ApiScope.RUNS_READ), List.of("line/1"), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unrestrictedToken_reachesEveryAgent() {
        ApiToken token = token("erp", EnumSet.of(ApiScope.RUNS_WRITE), List.of(), List.of());

        assertThat(token.restricted()).isFalse();
        assertThat(token.reaches("any", Set.of())).isTrue();
        assertThat(token.has(ApiScope.RUNS_WRITE)).isTrue();
        assertThat(token.has(ApiScope.RUNS_READ)).isFalse();
    }

    @Test
    void restrictedToken_reachesItsAgents_andTheAgentsOfItsGroups_only() {
        ApiToken token = token("erp", EnumSet.of(ApiScope.RUNS_WRITE), List.of("pc-1"), List.of("line-1"));

        assertThat(token.restricted()).isTrue();
        assertThat(token.reaches("pc-1", Set.of())).isTrue();
        assertThat(token.reaches("pc-2", Set.of("line-1", "x"))).isTrue();
        assertThat(token.reaches("pc-3", Set.of("line-2"))).isFalse();
    }

    @Test
    void secrets_areRandom_prefixed_andHashedWithSha256() {
        String first = TokenSecrets.newSecret();
        String second = TokenSecrets.newSecret();

        assertThat(first).startsWith("trc_").hasSize(TokenSecrets.LENGTH).isNotEqualTo(second);
        assertThat(first.substring(4)).matches("[A-Za-z0-9_-]{43}");
        assertThat(TokenSecrets.looksLikeToken(first)).isTrue();
        assertThat(TokenSecrets.looksLikeToken("trc_short")).isFalse();
        // SHA-256("abc"), FIPS 180-2 test vector
        assertThat(java.util.HexFormat.of().formatHex(TokenSecrets.sha256("abc")))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    private static ApiToken token(String name, Set<ApiScope> scopes, List<String> agents, List<String> groups) {
        return new ApiToken(name, scopes, agents, groups, NOW, null, null);
    }
}
