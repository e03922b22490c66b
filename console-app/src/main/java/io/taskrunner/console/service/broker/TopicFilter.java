package io.taskrunner.console.service.broker;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An MQTT topic filter as a list of levels, built either from MQTT text ({@code a/+/b/#}) or from the Artemis
 * address the broker mapped it to ({@code a.*.b.#}). Artemis 2.55 escapes MQTT's {@code .}, {@code *} and
 * {@code \} with a backslash in addresses, so both readings give the same levels and a topic level such as
 * {@code 7.x} stays one level. Immutable and thread-safe.
 */
public final class TopicFilter {
    public static final String SINGLE = "+";
    public static final String MULTI = "#";

    private final List<Level> levels;

    private TopicFilter(List<Level> levels) {
        this.levels = List.copyOf(levels);
    }

    /**
     * Parses MQTT filter text; throws {@link IllegalArgumentException} naming {@code field} when it is not a valid
     * MQTT filter ({@code +} and {@code #} only as whole levels, {@code #} only last, no control characters, valid
     * UTF-16).
     */
    public static TopicFilter parseMqtt(String filter, String field) {
        if (filter == null || filter.isEmpty()) {
            throw new IllegalArgumentException(field + ": must not be empty");
        }
        String[] parts = filter.split("/", -1);
        List<Level> levels = new ArrayList<>(parts.length);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.equals(MULTI)) {
                if (i != parts.length - 1) {
                    throw new IllegalArgumentException(field + ": '#' must be the last level, in '" + filter + "'");
                }
                levels.add(Level.ANY_LEVELS);
            } else if (part.equals(SINGLE)) {
                levels.add(Level.ANY_LEVEL);
            } else if (part.indexOf('+') >= 0 || part.indexOf('#') >= 0) {
                throw new IllegalArgumentException(field + ": '+' and '#' must stand alone in a level, in '"
                        + filter + "'");
            } else {
                levels.add(Level.literal(part));
            }
        }
        for (int i = 0; i < filter.length(); i++) {
            char c = filter.charAt(i);
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException(field + ": must not contain control characters");
            }
            boolean paired = Character.isHighSurrogate(c) ? i + 1 < filter.length()
                    && Character.isLowSurrogate(filter.charAt(i + 1))
                    : !Character.isLowSurrogate(c) || i > 0 && Character.isHighSurrogate(filter.charAt(i - 1));
            if (!paired) {
                throw new IllegalArgumentException(field + ": contains an unpaired UTF-16 surrogate at position " + i);
            }
        }
        return new TopicFilter(levels);
    }

    /**
     * Reads an Artemis address (without {@code ::queue}) back into levels; empty when it is not something an MQTT
     * client could have asked for (a wildcard mixed into a word, a dangling escape), which callers should deny.
     */
    public static Optional<TopicFilter> parseAddress(String address) {
        Objects.requireNonNull(address, "address");
        List<Level> levels = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean wildcardInWord = false;
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c == '\\') {
                if (++i == address.length()) {
                    return Optional.empty();
                }
                word.append(address.charAt(i));
            } else if (c == '.') {
                Optional<Level> level = level(word, wildcardInWord);
                if (level.isEmpty()) {
                    return Optional.empty();
                }
                levels.add(level.get());
                word.setLength(0);
                wildcardInWord = false;
            } else {
                wildcardInWord |= c == '*' || c == '#';
                word.append(c);
            }
        }
        Optional<Level> last = level(word, wildcardInWord);
        if (last.isEmpty()) {
            return Optional.empty();
        }
        levels.add(last.get());
        int multi = levels.indexOf(Level.ANY_LEVELS);
        return multi >= 0 && multi != levels.size() - 1 ? Optional.empty() : Optional.of(new TopicFilter(levels));
    }

    private static Optional<Level> level(StringBuilder word, boolean wildcardInWord) {
        if (!wildcardInWord) {
            return Optional.of(Level.literal(word.toString()));
        }
        return switch (word.toString()) {
            case "*" -> Optional.of(Level.ANY_LEVEL);
            case "#" -> Optional.of(Level.ANY_LEVELS);
            default -> Optional.empty();
        };
    }

    /** This filter with more literal levels appended, e.g. {@code a/+} then {@code reply} gives {@code a/+/reply}. */
    public TopicFilter append(String... literalLevels) {
        if (endsWithAnyLevels()) {
            throw new IllegalStateException("cannot append to a filter ending in '#': " + this);
        }
        List<Level> longer = new ArrayList<>(levels);
        for (String literal : literalLevels) {
            longer.add(Level.literal(literal));
        }
        return new TopicFilter(longer);
    }

    /** True when every topic {@code other} matches is also matched by this filter. */
    public boolean covers(TopicFilter other) {
        List<Level> mine = levels;
        List<Level> theirs = other.levels;
        for (int i = 0; i < mine.size(); i++) {
            Level level = mine.get(i);
            if (level.isAnyLevels()) {
                return true; // MQTT: a/# also matches a, so it covers whatever other holds from here on
            }
            if (i >= theirs.size()) {
                return false;
            }
            Level their = theirs.get(i);
            if (their.isAnyLevels()) {
                return false;
            }
            if (!level.isAnyLevel() && (their.isAnyLevel() || !level.text().equals(their.text()))) {
                return false;
            }
        }
        return theirs.size() == mine.size();
    }

    /** True when some topic is matched by both filters. */
    public boolean intersects(TopicFilter other) {
        int shorter = Math.min(levels.size(), other.levels.size());
        for (int i = 0; i < shorter; i++) {
            Level mine = levels.get(i);
            Level their = other.levels.get(i);
            if (mine.isAnyLevels() || their.isAnyLevels()) {
                return true;
            }
            if (!mine.isAnyLevel() && !their.isAnyLevel() && !mine.text().equals(their.text())) {
                return false;
            }
        }
        if (levels.size() == other.levels.size()) {
            return true;
        }
        List<Level> longer = levels.size() > other.levels.size() ? levels : other.levels;
        // a matches a/# ; a does not match a/b or a/+
        return longer.size() == shorter + 1 && longer.get(shorter).isAnyLevels();
    }

    /** The first level, e.g. {@code $share} or {@code taskrunner}. */
    public Level first() {
        return levels.get(0);
    }

    /** The last level. */
    public Level last() {
        return levels.get(levels.size() - 1);
    }

    /** This filter without its last level; empty when it has only one. */
    public Optional<TopicFilter> parent() {
        return levels.size() < 2 ? Optional.empty()
                : Optional.of(new TopicFilter(levels.subList(0, levels.size() - 1)));
    }

    public boolean endsWithAnyLevels() {
        return last().isAnyLevels();
    }

    public List<Level> levels() {
        return Collections.unmodifiableList(levels);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TopicFilter filter && filter.levels.equals(levels);
    }

    @Override
    public int hashCode() {
        return levels.hashCode();
    }

    /** The MQTT text of the filter. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Level level : levels) {
            if (!text.isEmpty()) {
                text.append('/');
            }
            text.append(level);
        }
        return text.toString();
    }

    /**
     * One level: a literal word, {@code +} (any one level) or {@code #} (any number of levels, also none).
     *
     * @param text the literal text; for the wildcards their MQTT sign
     */
    public record Level(Kind kind, String text) {
        static final Level ANY_LEVEL = new Level(Kind.ANY_LEVEL, SINGLE);
        static final Level ANY_LEVELS = new Level(Kind.ANY_LEVELS, MULTI);

        public Level {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(text, "text");
        }

        static Level literal(String text) {
            return new Level(Kind.LITERAL, text);
        }

        public boolean isAnyLevel() {
            return kind == Kind.ANY_LEVEL;
        }

        public boolean isAnyLevels() {
            return kind == Kind.ANY_LEVELS;
        }

        public boolean isLiteral() {
            return kind == Kind.LITERAL;
        }

        @Override
        public String toString() {
            return text;
        }

        public enum Kind { LITERAL, ANY_LEVEL, ANY_LEVELS }
    }
}
