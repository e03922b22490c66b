package io.taskrunner.agent.api.http;

import io.taskrunner.agent.api.auth.ApiToken;
import io.taskrunner.agent.api.auth.ApiTokens;
import io.taskrunner.agent.api.auth.Caller;
import io.taskrunner.agent.api.core.ApiException;
import io.taskrunner.protocol.security.RateLimiter;
import java.util.Optional;

/**
 * Who a request comes from, and whether it may come now. The rate limit is taken before a bad token is refused, by
 * the caller's address, so guessing tokens is as slow as any other request.
 */
public final class Authenticator {
    private static final String BEARER = "Bearer ";

    private final ApiTokens tokens;
    private final RateLimiter limiter;

    public Authenticator(ApiTokens tokens, RateLimiter limiter) {
        this.tokens = tokens;
        this.limiter = limiter;
    }

    /**
     * The caller of a request with this {@code Authorization} header (or, for a WebSocket, {@code access_token}).
     *
     * @throws ApiException 429 over the rate limit, 401 for a missing, malformed or unknown token
     */
    public Caller identify(String authorization, String accessToken, String address) {
        String presented = null;
        boolean malformed = false;
        if (authorization != null) {
            if (authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                presented = authorization.substring(BEARER.length()).strip();
            } else {
                malformed = true;
            }
        } else if (accessToken != null) {
            presented = accessToken.strip();
        }
        Optional<ApiToken> token = presented == null ? Optional.empty() : tokens.find(presented);
        Caller caller = token.map(found -> Caller.of(found, address)).orElseGet(() -> Caller.anonymous(address));
        admit(caller);
        if (malformed) {
            throw ApiException.unauthorized("the Authorization header must read 'Bearer <token>'");
        }
        if (presented != null && token.isEmpty()) {
            throw ApiException.unauthorized("this token is not known to the agent (mistyped, or revoked)");
        }
        if (token.isEmpty()) {
            throw ApiException.unauthorized("send a token: Authorization: Bearer <token> (see taskrunner-agent token"
                    + " create)");
        }
        return caller;
    }

    /** @throws ApiException 429 with the seconds to wait when the caller is over its rate */
    public void admit(Caller caller) {
        long wait = limiter.acquire(caller.rateKey());
        if (wait > 0) {
            throw ApiException.tooManyRequests(wait);
        }
    }
}
