package io.taskrunner.protocol.definition;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checked parameter values of one run, typed by their declaration: {@code String} (string, enum, file),
 * {@code Long} (int), {@code Double} (number), {@code Boolean} (bool). Absent optional parameters are absent.
 */
public final class ParameterValues {
    public static final ParameterValues NONE = new ParameterValues(Map.of(), Set.of());
    /** How parameters appear in a process's environment: {@code PARAM_<name>}. */
    public static final String ENV_PREFIX = "PARAM_";

    private final Map<String, Object> values;
    private final Set<String> secret;

    ParameterValues(Map<String, Object> values, Set<String> secret) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.secret = Set.copyOf(secret);
    }

    public Map<String, Object> asMap() {
        return values;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public Optional<Object> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** The value as text: integers without a decimal point, numbers in plain notation, booleans as true/false. */
    public Optional<String> text(String name) {
        return get(name).map(ParameterValues::toText);
    }

    public boolean isSecret(String name) {
        return secret.contains(name);
    }

    /** Each value as {@code PARAM_<name>} = text, for a process's environment. */
    public Map<String, String> asEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        values.forEach((name, value) -> env.put(ENV_PREFIX + name, toText(value)));
        return env;
    }

    /** The values with secret ones masked, for logs, history and events. */
    public Map<String, Object> masked() {
        Map<String, Object> shown = new LinkedHashMap<>();
        values.forEach((name, value) -> shown.put(name, secret.contains(name) ? "***" : value));
        return shown;
    }

    /** A stable key of the values (sorted by name), so equal parameters give equal keys. */
    public String canonicalKey() {
        StringBuilder key = new StringBuilder();
        new TreeMap<>(values).forEach((name, value) -> key.append(name).append('=')
                .append(value.getClass().getSimpleName().charAt(0)).append(toText(value).length()).append(':')
                .append(toText(value)).append(';'));
        return key.toString();
    }

    static String toText(Object value) {
        if (value instanceof Double number) {
            BigDecimal decimal = BigDecimal.valueOf(number).stripTrailingZeros();
            return decimal.scale() < 0 ? decimal.setScale(0).toPlainString() : decimal.toPlainString();
        }
        return String.valueOf(value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ParameterValues that && values.equals(that.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values);
    }

    @Override
    public String toString() {
        return masked().toString();
    }
}
