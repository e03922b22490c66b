package io.taskrunner.console.service.apitokens;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** What a Fleet API token may do; written {@code agents:read}, {@code runs:write}, ... */
public enum ApiScope {
    AGENTS_READ, RUNS_READ, RUNS_WRITE, JOBS_READ, JOBS_WRITE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', ':');
    }

    /**
     * A scope from its written form.
     *
     * @throws IllegalArgumentException naming {@code field} and the scopes there are
     */
    public static ApiScope parse(String text, String field) {
        String wanted = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(scope -> scope.wire().equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(field + ": unknown scope '" + text + "'; the scopes"
                        + " are " + allWritten()));
    }

    /** Scopes written comma-separated ({@code runs:read,runs:write}); blanks between commas are ignored. */
    public static Set<ApiScope> parseList(String text, String field) {
        Set<ApiScope> scopes = EnumSet.noneOf(ApiScope.class);
        for (String part : (text == null ? "" : text).split(",")) {
            if (!part.isBlank()) {
                scopes.add(parse(part, field));
            }
        }
        return scopes;
    }

    public static String allWritten() {
        return Arrays.stream(values()).map(ApiScope::wire).collect(Collectors.joining(", "));
    }
}
