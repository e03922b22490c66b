package io.taskrunner.console.api;

import java.util.Map;
import java.util.Set;

/**
 * One authenticated request, its body read (within the limit) but not parsed.
 *
 * @param path  the path below {@code /api/v1/}, split at {@code /}
 * @param query query parameters, decoded; a parameter given twice keeps its last value
 */
record ApiRequest(String method, String[] path, Map<String, String> query, byte[] body, ApiCaller caller) {

    /** @throws ApiException 400 naming the first query parameter that is not one of {@code known} */
    ApiRequest allowQuery(Set<String> known) {
        for (String name : query.keySet()) {
            if (!known.contains(name)) {
                throw ApiException.badRequest(name, "unknown query parameter"
                        + (known.isEmpty() ? "; this endpoint takes none" : "; known: " + String.join(", ",
                        known.stream().sorted().toList())));
            }
        }
        return this;
    }

    /** A {@code true}/{@code false} query parameter; null when absent. */
    Boolean flag(String name) {
        String value = query.get(name);
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.badRequest(name, "must be true or false, was '" + value + "'");
        };
    }

    /** A whole-number query parameter from {@code min} to {@code max}; null when absent. */
    Integer number(String name, int min, int max) {
        String value = query.get(name);
        if (value == null) {
            return null;
        }
        try {
            int number = Integer.parseInt(value);
            if (number < min || number > max) {
                throw ApiException.unprocessable(name, "must be between " + min + " and " + max + ", was " + number);
            }
            return number;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name, "must be a whole number, was '" + value + "'");
        }
    }
}
