package io.taskrunner.protocol;

/**
 * MQTT topic filters as devices and trigger rules use them: {@code +} matches one level, a trailing {@code #} the
 * rest. Checked here once so the console refuses a bad filter when it is saved, not when an agent subscribes.
 */
public final class TopicFilter {
    public static final int MAX_LENGTH = 256;
    public static final int MAX_LEVELS = 32;

    private TopicFilter() {
    }

    /**
     * Checks {@code filter}; throws {@link ProtocolException} naming {@code field} when it is not a filter a
     * device's rule may use: not empty, at most {@value #MAX_LENGTH} characters and {@value #MAX_LEVELS} levels,
     * wildcards only as whole levels and {@code #} only last, no {@code $} system topics, no shared subscriptions,
     * no NUL or control characters.
     */
    public static String check(String filter, String field) {
        Check.notBlank(filter, field);
        Check.maxLength(filter, MAX_LENGTH, field);
        if (filter.startsWith("$")) {
            throw new ProtocolException(field, "'" + filter + "' is a system or shared-subscription topic;"
                    + " a device topic must not start with $");
        }
        String[] levels = filter.split("/", -1);
        if (levels.length > MAX_LEVELS) {
            throw new ProtocolException(field, "has " + levels.length + " levels; at most " + MAX_LEVELS);
        }
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            for (int c = 0; c < level.length(); c++) {
                char ch = level.charAt(c);
                if (Character.isISOControl(ch)) {
                    throw new ProtocolException(field, "contains a control character in level " + (i + 1));
                }
                if ((ch == '+' || ch == '#') && level.length() > 1) {
                    throw new ProtocolException(field, "'" + ch + "' must be a whole level, not part of '" + level
                            + "'");
                }
            }
            if (level.equals("#") && i != levels.length - 1) {
                throw new ProtocolException(field, "'#' may only be the last level");
            }
        }
        return filter;
    }

    /** True when {@code topic} (a concrete topic, no wildcards) is matched by {@code filter}. */
    public static boolean matches(String filter, String topic) {
        if (topic.startsWith("$") && !filter.startsWith("$")) {
            return false;
        }
        String[] wanted = filter.split("/", -1);
        String[] actual = topic.split("/", -1);
        for (int i = 0; i < wanted.length; i++) {
            if (wanted[i].equals("#")) {
                return true;
            }
            if (i >= actual.length) {
                return false;
            }
            if (!wanted[i].equals("+") && !wanted[i].equals(actual[i])) {
                return false;
            }
        }
        return wanted.length == actual.length;
    }

    /** True when {@code filter} holds a wildcard. */
    public static boolean isWildcard(String filter) {
        return filter.contains("+") || filter.contains("#");
    }
}
