package io.taskrunner.console.service.apitokens;

import io.taskrunner.console.persistence.Database;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tokens in H2. Every authentication reads the (small) table afresh, so a revoke counts at the next request without
 * any cache to invalidate; the presented token is compared against every valid hash without an early exit.
 */
public final class DefaultApiTokenService implements ApiTokenService {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultApiTokenService.class);
    /** {@code last_used_at} is written at most this often per token, not on every request. */
    private static final Duration USE_RESOLUTION = Duration.ofMinutes(1);

    private final ApiTokenRepository repository;
    private final Clock clock;

    public DefaultApiTokenService(Database database, Clock clock) {
        this.repository = new ApiTokenRepository(database);
        this.clock = clock;
    }

    @Override
    public NewApiToken create(String name, Set<ApiScope> scopes, Collection<String> agentIds,
            Collection<String> agentGroups) {
        ApiToken token = new ApiToken(name, scopes, agentIds == null ? null : List.copyOf(agentIds),
                agentGroups == null ? null : List.copyOf(agentGroups), clock.instant(), null, null);
        String secret = TokenSecrets.newSecret();
        if (!repository.insert(token, TokenSecrets.sha256(secret))) {
            throw new IllegalArgumentException("name: a token named '" + name + "' exists already; revoke it first");
        }
        LOG.info("created Fleet API token '{}' with scopes {}", name,
                token.scopes().stream().map(ApiScope::wire).sorted().toList());
        return new NewApiToken(token, secret);
    }

    @Override
    public List<ApiToken> tokens() {
        return repository.all().stream().map(ApiTokenRepository.Stored::token).toList();
    }

    @Override
    public boolean revoke(String name) {
        boolean revoked = repository.revoke(Objects.requireNonNull(name, "name"), clock.instant());
        if (revoked) {
            LOG.info("revoked Fleet API token '{}'", name);
        }
        return revoked;
    }

    @Override
    public Optional<ApiToken> authenticate(String presented) {
        if (!TokenSecrets.looksLikeToken(presented)) {
            return Optional.empty();
        }
        byte[] hash = TokenSecrets.sha256(presented);
        ApiToken found = null;
        for (ApiTokenRepository.Stored stored : repository.all()) {
            if (MessageDigest.isEqual(hash, stored.hash()) && !stored.token().revoked()) {
                found = stored.token();
            }
        }
        if (found != null) {
            markUsed(found);
        }
        return Optional.ofNullable(found);
    }

    private void markUsed(ApiToken token) {
        Instant now = clock.instant();
        if (token.lastUsedAt() == null || token.lastUsedAt().plus(USE_RESOLUTION).isBefore(now)) {
            repository.markUsed(token.name(), now);
        }
    }
}
