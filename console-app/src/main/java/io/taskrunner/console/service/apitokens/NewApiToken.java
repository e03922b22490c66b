package io.taskrunner.console.service.apitokens;

import java.util.Objects;

/**
 * A token just made: its stored description and the token itself, which is shown once and never stored.
 * {@link #toString()} leaves the secret out.
 */
public record NewApiToken(ApiToken token, String secret) {
    public NewApiToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
        return "NewApiToken[" + token + "]";
    }
}
