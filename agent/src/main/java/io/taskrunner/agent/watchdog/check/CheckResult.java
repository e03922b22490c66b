package io.taskrunner.agent.watchdog.check;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What one check found: healthy, or a failure described by an i18n key and its arguments (so the alert can be
 * written in the rule's language).
 *
 * @param key  {@code null} when healthy, else a {@code watchdog.check.*} key of the message bundles
 * @param args the key's arguments
 */
public record CheckResult(boolean healthy, String key, List<Object> args) {

    private static final CheckResult HEALTHY = new CheckResult(true, null, List.of());

    public CheckResult {
        args = List.copyOf(args);
        if (!healthy) {
            Objects.requireNonNull(key, "key");
        }
    }

    public static CheckResult ok() {
        return HEALTHY;
    }

    public static CheckResult failed(String key, Object... args) {
        return new CheckResult(false, key, Arrays.asList(args));
    }

    /** For logs: the key and its arguments. */
    @Override
    public String toString() {
        return healthy ? "healthy" : key + args;
    }
}
