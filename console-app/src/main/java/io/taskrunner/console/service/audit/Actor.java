package io.taskrunner.console.service.audit;

import io.taskrunner.console.service.apitokens.ApiToken;

/**
 * Who performs an operator action. The Fleet API binds {@code api:<token name>} for the length of a request
 * ({@link #callAs}); everything else, the window and core calls, acts as the OS user running the console. A scoped
 * value rather than a parameter, so the service interfaces stay as they are and a forgotten binding can only ever
 * name the console's user, never another caller.
 */
public final class Actor {
    private static final ScopedValue<String> CURRENT = ScopedValue.newInstance();

    private Actor() {
    }

    /** The actor bound on this thread, or the OS user. Read it on the caller's thread, before work goes async. */
    public static String current() {
        return CURRENT.isBound() ? CURRENT.get() : osUser();
    }

    public static String osUser() {
        String user = System.getProperty("user.name");
        return user == null || user.isBlank() ? "unknown" : user;
    }

    public static String ofToken(ApiToken token) {
        return "api:" + token.name();
    }

    /** Runs {@code work} with {@code actor} as the current actor. */
    public static <T, X extends Exception> T callAs(String actor, ScopedValue.CallableOp<T, X> work) throws X {
        return ScopedValue.where(CURRENT, actor).call(work);
    }
}
