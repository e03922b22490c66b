package io.taskrunner.agent.api.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.definition.Definitions;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One API token as {@code api-tokens.json} keeps it: never the token itself, only its SHA-256 (tokens are 32 random
 * bytes, so a fast hash cannot be brute-forced; a slow password hash would buy nothing).
 *
 * @param scopes  what the token may do: task names, {@code *} (every task and store route), {@code adhoc} (run a
 *                bare program over {@code /api/v1/commands}), {@code store:<route>} (a store route)
 * @param created when it was made, ISO-8601
 */
public record ApiToken(
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) String sha256,
        List<String> scopes,
        String created) {

    public static final String ALL_TASKS = "*";
    public static final String ADHOC = "adhoc";
    public static final String STORE_PREFIX = "store:";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public ApiToken {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("token name '" + name + "' must be 1 to 64 letters, digits, _ . -");
        }
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("token '" + name + "': sha256 must be 64 lower-case hex digits");
        }
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        scopes.forEach(scope -> checkScope(scope, name));
    }

    byte[] hash() {
        return HexFormat.of().parseHex(sha256);
    }

    private static void checkScope(String scope, String token) {
        if (scope.equals(ALL_TASKS) || scope.equals(ADHOC)) {
            return;
        }
        try {
            Definitions.checkName(scope.startsWith(STORE_PREFIX) ? scope.substring(STORE_PREFIX.length()) : scope,
                    "scope");
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("token '" + token + "': scope '" + scope + "' is not a task name, *, "
                    + ADHOC + " or " + STORE_PREFIX + "<route>", e);
        }
    }
}
