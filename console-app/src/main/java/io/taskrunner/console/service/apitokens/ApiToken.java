package io.taskrunner.console.service.apitokens;

import io.taskrunner.protocol.Topics;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One Fleet API token as stored, without the token itself (only its hash is kept, and never leaves the service).
 *
 * @param agentIds    with {@code agentGroups}: when either is not empty the token reaches only these agents and the
 *                    agents of these groups; both empty: every agent
 * @param lastUsedAt  when a request last came with it (updated at most once a minute); null when never
 * @param revokedAt   when it was revoked; null while it is valid
 */
public record ApiToken(String name, Set<ApiScope> scopes, List<String> agentIds, List<String> agentGroups,
        Instant createdAt, Instant lastUsedAt, Instant revokedAt) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    public ApiToken {
        checkName(name);
        Objects.requireNonNull(scopes, "scopes");
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("scopes: give at least one of " + ApiScope.allWritten());
        }
        scopes = Set.copyOf(EnumSet.copyOf(scopes));
        agentIds = checkedLevels(agentIds, "agents");
        agentGroups = checkedLevels(agentGroups, "groups");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** @throws IllegalArgumentException when {@code name} is not 1 to 64 letters, digits, {@code _ . -} */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name: '" + name + "' must be 1 to 64 letters, digits, _ . -");
        }
        return name;
    }

    public boolean has(ApiScope scope) {
        return scopes.contains(scope);
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    /** Whether the token is limited to some agents or groups. */
    public boolean restricted() {
        return !agentIds.isEmpty() || !agentGroups.isEmpty();
    }

    /** Whether the token reaches the agent {@code agentId}, which is in {@code groups}. */
    public boolean reaches(String agentId, Collection<String> groups) {
        return !restricted() || agentIds.contains(agentId) || groups.stream().anyMatch(agentGroups::contains);
    }

    private static List<String> checkedLevels(List<String> values, String field) {
        if (values == null) {
            return List.of();
        }
        Set<String> sorted = new TreeSet<>();
        for (String value : values) {
            String stripped = value == null ? null : value.strip();
            Topics.checkLevel(stripped, field + " entry");
            if (stripped.contains(",")) {
                throw new IllegalArgumentException(field + ": '" + stripped + "' must not contain a comma");
            }
            sorted.add(stripped);
        }
        return List.copyOf(sorted);
    }
}
