package io.taskrunner.i18n;

import java.text.MessageFormat;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.ResourceBundle;
import java.util.Set;

/**
 * The user-facing texts of one {@link Language}. Immutable and safe to share between threads.
 *
 * <p>Lookups never fall back to the JVM default locale: an English UI on a Chinese machine stays English. A key
 * missing from a translation falls back to the English base bundle ({@code messages.properties}); a key missing
 * everywhere is shown as {@code !key!} ({@code LocalizationConsistencyTest} keeps both from happening).
 */
public final class Messages {

    private static final String BUNDLE = "io.taskrunner.i18n.messages";
    private static final Map<Language, Messages> ALL = loadAll();

    private final Language language;
    private final ResourceBundle bundle;
    private final Set<String> keys;

    /** Loads {@code baseName} for {@code language}; tests use their own bundles. */
    Messages(Language language, String baseName) {
        this.language = language;
        this.bundle = ResourceBundle.getBundle(baseName, language.locale(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        this.keys = Set.copyOf(bundle.keySet());
    }

    private static Map<Language, Messages> loadAll() {
        Map<Language, Messages> all = new EnumMap<>(Language.class);
        for (Language language : Language.values()) {
            all.put(language, new Messages(language, BUNDLE));
        }
        return all;
    }

    /** The texts of {@code language}; the same instance on every call. */
    public static Messages of(Language language) {
        return ALL.get(Objects.requireNonNull(language, "language"));
    }

    public Language language() {
        return language;
    }

    /**
     * The text for {@code key}. With no {@code args} the text is returned as written in the bundle; with args it is
     * formatted as a {@link MessageFormat} pattern in this language's locale.
     *
     * @return the text, or {@code !key!} if no bundle has the key
     * @throws NullPointerException if {@code key} is null
     */
    public String get(String key, Object... args) {
        Objects.requireNonNull(key, "key");
        if (!keys.contains(key)) {
            return "!" + key + "!";
        }
        String pattern = bundle.getString(key);
        if (args == null || args.length == 0) {
            return pattern;
        }
        return new MessageFormat(pattern, language.locale()).format(args);
    }

    public boolean has(String key) {
        return keys.contains(key);
    }

    /** Every key this language resolves, including any taken from the English base bundle. */
    public Set<String> keys() {
        return keys;
    }

    @Override
    public String toString() {
        return "Messages[" + language.tag() + "]";
    }
}
