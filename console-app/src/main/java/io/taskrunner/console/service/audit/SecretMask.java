package io.taskrunner.console.service.audit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Masks secret values before they reach the audit log: parameters a task declares {@code secret}, and any entry
 * whose name says it holds one (password, secret, token, key, credential). Nested maps are masked too.
 */
public final class SecretMask {
    public static final String MASK = "***";
    private static final Pattern SECRET_NAME = Pattern.compile(".*(password|passwd|secret|token|credential|apikey"
            + "|api_key|private).*");

    private SecretMask() {
    }

    /** A copy of {@code values} with the values of {@code secretNames}, and of names that look secret, masked. */
    public static Map<String, Object> mask(Map<String, ?> values, Set<String> secretNames) {
        Map<String, Object> masked = new LinkedHashMap<>();
        if (values == null) {
            return masked;
        }
        values.forEach((name, value) -> masked.put(name, secretNames.contains(name) || looksSecret(name) ? MASK
                : maskNested(value, secretNames)));
        return masked;
    }

    public static boolean looksSecret(String name) {
        return name != null && SECRET_NAME.matcher(name.toLowerCase(Locale.ROOT)).matches();
    }

    private static Object maskNested(Object value, Set<String> secretNames) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> nested = new LinkedHashMap<>();
            map.forEach((key, inner) -> nested.put(String.valueOf(key), inner));
            return mask(nested, secretNames);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(item -> maskNested(item, secretNames)).toList();
        }
        return value;
    }
}
