package io.taskrunner.protocol.definition;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskrunner.protocol.ProtocolException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks the parameters of a run against the task's declarations before anything runs. Every failure is a
 * {@link ProtocolException} whose field is {@code parameters.<name>}. Devices often send numbers and booleans as
 * text, so {@code "5"} is a valid int; anything that is not a single value (object, array) is refused.
 */
public final class ParameterValidator {
    static final int MAX_TEXT_CHARS = 32 * 1024;

    private ParameterValidator() {
    }

    /**
     * @param given the values as decoded from JSON: String, Number, Boolean, or Jackson {@link JsonNode}s
     */
    public static ParameterValues validate(TaskDefinition task, Map<String, ?> given) {
        Map<String, ?> supplied = given == null ? Map.of() : given;
        Map<String, ParameterSpec> declared = new LinkedHashMap<>();
        task.parameters().forEach(spec -> declared.put(spec.name(), spec));
        for (String name : supplied.keySet()) {
            if (!declared.containsKey(name)) {
                throw new ProtocolException("parameters." + name, "is not a parameter of task '" + task.name()
                        + "'" + (declared.isEmpty() ? " (it declares none)" : "; it declares " + declared.keySet()));
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        Set<String> secret = new HashSet<>();
        for (ParameterSpec spec : declared.values()) {
            Object raw = unwrap(supplied.get(spec.name()));
            if (raw == null) {
                raw = spec.defaultValue();
            }
            if (raw == null) {
                if (spec.required()) {
                    throw new ProtocolException("parameters." + spec.name(), "is required by task '" + task.name()
                            + "'");
                }
                continue;
            }
            try {
                values.put(spec.name(), coerce(spec, raw));
            } catch (ProtocolException e) {
                throw new ProtocolException("parameters." + spec.name(), e.reason());
            }
            if (spec.secret()) {
                secret.add(spec.name());
            }
        }
        return new ParameterValues(values, secret);
    }

    /** The value converted to the declared type and checked; the exception's field is null. */
    static Object coerce(ParameterSpec spec, Object raw) {
        Object value = unwrap(raw);
        if (value == null) {
            throw new ProtocolException(null, "must not be null");
        }
        if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
            throw new ProtocolException(null, "must be a single " + spec.type().wire() + " value, was "
                    + (value instanceof Map<?, ?> ? "an object" : value instanceof Iterable<?> ? "a list"
                    : value.getClass().getSimpleName()));
        }
        return switch (spec.type()) {
            case STRING, FILE -> checkText(spec, textOf(value));
            case ENUM -> checkEnum(spec, textOf(value));
            case INT -> checkRange(spec, integerOf(value));
            case NUMBER -> checkRange(spec, numberOf(value));
            case BOOL -> booleanOf(value);
        };
    }

    private static Object unwrap(Object raw) {
        if (raw instanceof JsonNode node) {
            if (node.isNull() || node.isMissingNode()) {
                return null;
            }
            if (node.isTextual()) {
                return node.textValue();
            }
            if (node.isBoolean()) {
                return node.booleanValue();
            }
            if (node.isIntegralNumber()) {
                return node.bigIntegerValue();
            }
            if (node.isNumber()) {
                // a double node may hold an infinity (1e999), which has no decimal value; the checks refuse it
                return node.isBigDecimal() ? node.decimalValue() : node.numberValue();
            }
            return node.isObject() ? Map.of() : java.util.List.of();
        }
        return raw;
    }

    private static String textOf(Object value) {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            return ParameterValues.toText(((Number) value).doubleValue());
        }
        return value.toString();
    }

    private static String checkText(ParameterSpec spec, String text) {
        if (text.length() > MAX_TEXT_CHARS) {
            throw new ProtocolException(null, "is longer than " + MAX_TEXT_CHARS + " characters");
        }
        if (text.indexOf('\0') >= 0) {
            throw new ProtocolException(null, "must not contain a NUL character");
        }
        if (spec.type() == ParameterType.FILE && text.isBlank()) {
            throw new ProtocolException(null, "must name a file");
        }
        if (spec.min() != null && text.length() < spec.min()) {
            throw new ProtocolException(null, "must be at least " + spec.min().longValue() + " characters long");
        }
        if (spec.max() != null && text.length() > spec.max()) {
            throw new ProtocolException(null, "must be at most " + spec.max().longValue() + " characters long");
        }
        checkPattern(spec, text);
        return text;
    }

    private static String checkEnum(ParameterSpec spec, String text) {
        if (!spec.values().contains(text)) {
            throw new ProtocolException(null, "must be one of " + spec.values() + ", was " + quote(text));
        }
        return text;
    }

    private static void checkPattern(ParameterSpec spec, String text) {
        if (spec.pattern() != null && !Pattern.compile(spec.pattern()).matcher(text).matches()) {
            throw new ProtocolException(null, "does not match the pattern " + spec.pattern() + ": " + quote(text));
        }
    }

    private static long integerOf(Object value) {
        try {
            BigDecimal decimal = value instanceof String text ? new BigDecimal(text.trim()) : decimalOf(value);
            // longValueExact refuses 1e99999999 at once; toBigIntegerExact would expand it digit by digit
            return decimal.longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ProtocolException(null, "must be a whole number, was " + quote(value));
        }
    }

    private static double numberOf(Object value) {
        try {
            double number = value instanceof String text ? new BigDecimal(text.trim()).doubleValue()
                    : decimalOf(value).doubleValue();
            if (Double.isInfinite(number)) {
                throw new NumberFormatException("out of range");
            }
            return number;
        } catch (NumberFormatException e) {
            throw new ProtocolException(null, "must be a number, was " + quote(value));
        }
    }

    private static BigDecimal decimalOf(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal;
        }
        if (value instanceof BigInteger integer) {
            return new BigDecimal(integer);
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isNaN(number) || Double.isInfinite(number)) {
                throw new NumberFormatException("not finite");
            }
            return BigDecimal.valueOf(number);
        }
        if (value instanceof Number number) {
            return BigDecimal.valueOf(number.longValue());
        }
        throw new NumberFormatException("not a number");
    }

    private static <N extends Number> N checkRange(ParameterSpec spec, N number) {
        double value = number.doubleValue();
        if (spec.min() != null && value < spec.min()) {
            throw new ProtocolException(null, "must be at least " + ParameterValues.toText(spec.min()) + ", was "
                    + ParameterValues.toText(value));
        }
        if (spec.max() != null && value > spec.max()) {
            throw new ProtocolException(null, "must be at most " + ParameterValues.toText(spec.max()) + ", was "
                    + ParameterValues.toText(value));
        }
        return number;
    }

    private static boolean booleanOf(Object value) {
        if (value instanceof Boolean bool) {
            return bool;
        }
        if (value instanceof String text) {
            switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "true", "1", "yes", "on":
                    return true;
                case "false", "0", "no", "off":
                    return false;
                default:
                    break;
            }
        }
        if (value instanceof Number number && (number.doubleValue() == 0 || number.doubleValue() == 1)) {
            return number.doubleValue() == 1;
        }
        throw new ProtocolException(null, "must be true or false, was " + quote(value));
    }

    private static String quote(Object value) {
        String text = String.valueOf(value);
        if (text.length() > 64) {
            text = text.substring(0, 64) + "…";
        }
        return value instanceof String ? "\"" + text + "\"" : text;
    }
}
