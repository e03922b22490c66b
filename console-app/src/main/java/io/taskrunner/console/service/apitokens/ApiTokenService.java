package io.taskrunner.console.service.apitokens;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Fleet API's tokens, kept hashed in H2. Bad input is an {@link IllegalArgumentException} whose message starts
 * with the field. Thread-safe; changes count at the next request.
 */
public interface ApiTokenService {
    /**
     * Makes a token and stores its hash; the returned secret is the only time the token is seen. A revoked token's
     * name may be used again (its row is replaced).
     *
     * @param agentIds    restrict the token to these agents (with {@code agentGroups}); empty: every agent
     * @param agentGroups restrict the token to the agents of these groups
     * @throws IllegalArgumentException when a valid token of that name exists, or a name, scope, agent or group is bad
     */
    NewApiToken create(String name, Set<ApiScope> scopes, Collection<String> agentIds,
            Collection<String> agentGroups);

    /** Every token, revoked ones included, by name. */
    List<ApiToken> tokens();

    /** Revokes the token; false when there is no valid token of that name. */
    boolean revoke(String name);

    /**
     * The valid token {@code presented} is, compared in constant time against every stored hash; marks it used.
     * Empty for anything else (malformed, unknown, revoked).
     */
    Optional<ApiToken> authenticate(String presented);
}
