package io.taskrunner.agent.api.auth;

import io.taskrunner.agent.engine.RunEngine;
import java.util.List;
import java.util.Set;

/**
 * Who is asking: the holder of a token with its scopes, or an anonymous caller (public custom routes, health, the
 * status page) known only by address. Rate limits count per {@link #rateKey()}.
 */
public record Caller(String name, Set<String> scopes, boolean authenticated, String address) {

    public static Caller of(ApiToken token, String address) {
        return new Caller(token.name(), Set.copyOf(token.scopes()), true, address);
    }

    public static Caller anonymous(String address) {
        return new Caller("anonymous", Set.of(), false, address);
    }

    /** A caller of a public custom route: allowed that route's task (or store) only, counted by address. */
    public static Caller ofPublicRoute(String scope, String address) {
        return new Caller("anonymous", Set.of(scope), false, address);
    }

    /** May start (and see the runs of) {@code task}; ad-hoc runs belong to the {@code adhoc} scope. */
    public boolean mayRun(String task) {
        if (RunEngine.AD_HOC_TASK.equals(task)) {
            return mayRunAdHoc();
        }
        return scopes.contains(ApiToken.ALL_TASKS) || scopes.contains(task);
    }

    public boolean mayRunAdHoc() {
        return scopes.contains(ApiToken.ADHOC);
    }

    public boolean mayStore(String route) {
        return scopes.contains(ApiToken.ALL_TASKS) || scopes.contains(ApiToken.STORE_PREFIX + route);
    }

    public List<String> sortedScopes() {
        return scopes.stream().sorted().toList();
    }

    /** Tokens share nothing; callers without one share their address's budget. */
    public String rateKey() {
        return authenticated ? "token:" + name : "address:" + address;
    }
}
