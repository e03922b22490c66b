package io.taskrunner.console.service.audit;

import io.taskrunner.console.service.apitokens.ApiScope;
import io.taskrunner.console.service.apitokens.ApiToken;
import io.taskrunner.console.service.apitokens.ApiTokenService;
import io.taskrunner.console.service.apitokens.NewApiToken;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes the creation and revocation of Fleet API tokens to the audit log (never the token itself); reads and
 * authentication pass through.
 */
public final class AuditedApiTokenService implements ApiTokenService {
    private final ApiTokenService tokens;
    private final AuditLog audit;

    public AuditedApiTokenService(ApiTokenService tokens, AuditLog audit) {
        this.tokens = tokens;
        this.audit = audit;
    }

    @Override
    public NewApiToken create(String name, Set<ApiScope> scopes, Collection<String> agentIds,
            Collection<String> agentGroups) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("scopes", scopes == null ? List.of() : scopes.stream().map(ApiScope::wire).sorted().toList());
        details.put("agentIds", agentIds == null ? List.of() : List.copyOf(agentIds));
        details.put("agentGroups", agentGroups == null ? List.of() : List.copyOf(agentGroups));
        return audit.perform("api-token.create", "api-token:" + name, details,
                () -> tokens.create(name, scopes, agentIds, agentGroups));
    }

    @Override
    public List<ApiToken> tokens() {
        return tokens.tokens();
    }

    @Override
    public boolean revoke(String name) {
        return audit.perform("api-token.revoke", "api-token:" + name, Map.of(), () -> tokens.revoke(name));
    }

    @Override
    public Optional<ApiToken> authenticate(String presented) {
        return tokens.authenticate(presented);
    }
}
