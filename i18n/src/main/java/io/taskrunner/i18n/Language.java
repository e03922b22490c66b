package io.taskrunner.i18n;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A language the TaskRunner user interface is translated into.
 *
 * <p>{@link #tag()} is the stable, stored form (settings files, command-line options); {@link #fromTag(String)}
 * reads it back and also accepts the usual variants of a BCP 47 tag or Java locale name; {@link #fromLocale(Locale)}
 * picks a language for the operating system's locale.
 */
public enum Language {
    EN("en"),
    ZH_CN("zh-CN"),
    ZH_TW("zh-TW");

    private final String tag;
    private final Locale locale;

    Language(String tag) {
        this.tag = tag;
        this.locale = Locale.forLanguageTag(tag);
    }

    /** The locale used to look up this language's bundle and to format numbers in its messages. */
    public Locale locale() {
        return locale;
    }

    /** The BCP 47 tag: {@code en}, {@code zh-CN} or {@code zh-TW}. */
    public String tag() {
        return tag;
    }

    /** The message key of this language's own name ({@code language.zh_TW} is "繁體中文" in every bundle). */
    public String nativeNameKey() {
        return "language." + locale;
    }

    /**
     * Parses a language tag, case-insensitively, with {@code -} or {@code _} as separator.
     *
     * <p>{@code en} and any {@code en-*} give {@link #EN}. Chinese is decided by script first, then region:
     * {@code zh-Hant*}, {@code zh-TW}, {@code zh-HK} and {@code zh-MO} give {@link #ZH_TW}; {@code zh-Hans*},
     * {@code zh-CN}, {@code zh-SG} and a bare {@code zh} give {@link #ZH_CN}.
     *
     * @throws NullPointerException if {@code tag} is null
     * @throws IllegalArgumentException if the tag names no supported language
     */
    public static Language fromTag(String tag) {
        Objects.requireNonNull(tag, "tag");
        return match(Locale.forLanguageTag(tag.strip().replace('_', '-')))
                .orElseThrow(() -> unsupported(tag));
    }

    /**
     * The supported language for {@code locale}, by the rules of {@link #fromTag(String)}, or {@link #EN} if there is
     * none. For choosing a first language from the operating system's locale; never throws for a real locale.
     *
     * @throws NullPointerException if {@code locale} is null
     */
    public static Language fromLocale(Locale locale) {
        return match(Objects.requireNonNull(locale, "locale")).orElse(EN);
    }

    private static Optional<Language> match(Locale locale) {
        return switch (locale.getLanguage()) {
            case "en" -> Optional.of(EN);
            case "zh" -> chinese(locale.getScript(), locale.getCountry());
            default -> Optional.empty();
        };
    }

    private static Optional<Language> chinese(String script, String region) {
        return switch (script) {
            case "Hant" -> Optional.of(ZH_TW);
            case "Hans" -> Optional.of(ZH_CN);
            case "" -> switch (region) {
                case "TW", "HK", "MO" -> Optional.of(ZH_TW);
                case "CN", "SG", "" -> Optional.of(ZH_CN);
                default -> Optional.empty();
            };
            default -> Optional.empty();
        };
    }

    private static IllegalArgumentException unsupported(String tag) {
        String supported = Arrays.stream(values()).map(Language::tag).collect(Collectors.joining(", "));
        return new IllegalArgumentException(
                "Unsupported language tag '" + tag + "': expected one of " + supported);
    }
}
