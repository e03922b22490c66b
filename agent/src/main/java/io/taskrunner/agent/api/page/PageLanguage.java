package io.taskrunner.agent.api.page;

import io.taskrunner.i18n.Language;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;

/** The page's language: {@code ?lang=} when it names one we have, else the browser's first that we have, else English. */
public final class PageLanguage {
    private PageLanguage() {
    }

    public static Language choose(String lang, String acceptLanguage) {
        if (lang != null) {
            Optional<Language> chosen = parse(lang);
            if (chosen.isPresent()) {
                return chosen.get();
            }
        }
        if (acceptLanguage == null || acceptLanguage.length() > 1024) {
            return Language.EN;
        }
        return Arrays.stream(acceptLanguage.split(","))
                .map(String::strip).filter(range -> !range.isEmpty())
                .map(PageLanguage::weighted)
                .filter(weighted -> weighted.quality() > 0)
                .sorted(Comparator.comparingDouble(Weighted::quality).reversed())
                .map(weighted -> parse(weighted.tag())).flatMap(Optional::stream)
                .findFirst().orElse(Language.EN);
    }

    private record Weighted(String tag, double quality) {
    }

    private static Weighted weighted(String range) {
        String[] parts = range.split(";");
        double quality = 1;
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            if (parameter.startsWith("q=")) {
                try {
                    quality = Double.parseDouble(parameter.substring(2));
                } catch (NumberFormatException e) {
                    quality = 0;
                }
            }
        }
        return new Weighted(parts[0].strip(), quality);
    }

    private static Optional<Language> parse(String tag) {
        try {
            return Optional.of(Language.fromTag(tag));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
