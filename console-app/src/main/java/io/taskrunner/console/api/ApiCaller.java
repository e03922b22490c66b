package io.taskrunner.console.api;

import io.taskrunner.console.service.apitokens.ApiScope;
import io.taskrunner.console.service.apitokens.ApiToken;
import java.util.Collection;

/**
 * Who sent a request: a valid token, and the key its callbacks are signed with (the token's SHA-256, which the
 * holder can compute from the token and the console keeps anyway).
 */
record ApiCaller(ApiToken token, byte[] signingKey) {

    /** @throws ApiException 403 when the token lacks {@code scope} */
    void require(ApiScope scope) {
        if (!token.has(scope)) {
            throw ApiException.forbidden("the token '" + token.name() + "' lacks the scope " + scope.wire());
        }
    }

    /** @throws ApiException 403 when the token is restricted to other agents */
    void requireReach(String agentId, Collection<String> groups) {
        if (!token.reaches(agentId, groups)) {
            throw ApiException.forbidden("the token '" + token.name() + "' may not reach agent '" + agentId + "'");
        }
    }
}
