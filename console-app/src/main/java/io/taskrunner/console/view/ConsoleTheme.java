package io.taskrunner.console.view;

import atlantafx.base.theme.PrimerLight;
import io.taskrunner.console.viewmodel.LocalizedTexts;
import io.taskrunner.i18n.Language;
import java.net.URL;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javafx.application.Application;
import javafx.beans.binding.Bindings;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.text.Font;

/**
 * The console's look: AtlantaFX Primer Light, our stylesheet on top, and a font that has the glyphs of the current
 * language. JavaFX's default font falls back to an installed CJK font for Chinese glyphs (through fontconfig on
 * Linux), but the fallback may take Japanese glyph shapes or the other Chinese script; so a Chinese UI names a
 * family of its own script when one is installed, preferring families with a bold face. English keeps the default
 * font, whose bold weights the titles use. Nothing fails when no family is installed: the default stays.
 */
public final class ConsoleTheme {
    private static final String STYLESHEET = "/io/taskrunner/console/console.css";

    // Windows, macOS, then Linux families; those without a bold face (WenQuanYi, Droid) come last
    private static final List<String> SIMPLIFIED = List.of("Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC",
            "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Micro Hei",
            "WenQuanYi Zen Hei", "Droid Sans Fallback");
    private static final List<String> TRADITIONAL = List.of("Microsoft JhengHei UI", "Microsoft JhengHei",
            "PingFang TC", "Noto Sans CJK TC", "Noto Sans TC", "Source Han Sans TC", "Source Han Sans TW",
            "Noto Sans CJK HK", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Droid Sans Fallback");

    private static volatile Set<String> families;

    private ConsoleTheme() {
    }

    /** Sets the AtlantaFX theme for the whole application; once, before the first window shows. */
    public static void installTheme() {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
    }

    /** Adds the console stylesheet to {@code scene}. */
    public static void style(Scene scene) {
        URL css = Objects.requireNonNull(ConsoleTheme.class.getResource(STYLESHEET), STYLESHEET);
        scene.getStylesheets().add(css.toExternalForm());
    }

    /** Keeps {@code root}'s font family right for the current language as it changes. */
    public static void followLanguageFont(Parent root, LocalizedTexts texts) {
        // a binding, not a listener: the language property holds it weakly, so a closed dialog can be collected
        root.styleProperty().bind(Bindings.createStringBinding(
                () -> fontFamily(texts.language()).map(family -> "-fx-font-family: \"" + family + "\";").orElse(""),
                texts.messagesProperty()));
    }

    /** The installed family to use for {@code language}, or empty to keep the platform's default font. */
    static Optional<String> fontFamily(Language language) {
        List<String> candidates = switch (language) {
            case ZH_TW -> TRADITIONAL;
            case ZH_CN -> SIMPLIFIED;
            case EN -> List.of();
        };
        Set<String> installed = installedFamilies();
        return candidates.stream().filter(installed::contains).findFirst();
    }

    private static Set<String> installedFamilies() {
        Set<String> known = families;
        if (known == null) {
            known = Set.copyOf(Font.getFamilies());
            families = known;
        }
        return known;
    }
}
