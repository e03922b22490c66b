package io.taskrunner.protocol.definition;

import io.taskrunner.protocol.definition.ConditionNode.And;
import io.taskrunner.protocol.definition.ConditionNode.Comparison;
import io.taskrunner.protocol.definition.ConditionNode.In;
import io.taskrunner.protocol.definition.ConditionNode.Literal;
import io.taskrunner.protocol.definition.ConditionNode.Name;
import io.taskrunner.protocol.definition.ConditionNode.Not;
import io.taskrunner.protocol.definition.ConditionNode.NullTest;
import io.taskrunner.protocol.definition.ConditionNode.Operator;
import io.taskrunner.protocol.definition.ConditionNode.Or;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Tests a parsed condition against parameter values. Values are reduced to four kinds (number, text, boolean,
 * missing); a comparison across kinds is false rather than an error, because a device sending an odd payload must
 * not break the agent.
 */
final class ConditionEvaluator {
    /** A text longer than this is not read as a number: parsing megabytes of digits is not worth one message. */
    static final int MAX_NUMBER_CHARS = 100;

    /** A value of none of the four kinds (a list, NaN, ...): present, yet equal to and comparable with nothing. */
    private enum Unsupported { VALUE }

    /**
     * A String from the values rather than a quoted literal. Payloads often carry "85.5" or "true" as text, so it
     * also counts as a number or boolean where it reads as one; a quoted literal is always just text.
     */
    private record ValueText(String text) {
    }

    private ConditionEvaluator() {
    }

    static boolean test(ConditionNode node, Map<String, ?> values) {
        return switch (node) {
            case Not(ConditionNode operand) -> !test(operand, values);
            case And(List<ConditionNode> operands) -> operands.stream().allMatch(operand -> test(operand, values));
            case Or(List<ConditionNode> operands) -> operands.stream().anyMatch(operand -> test(operand, values));
            case Comparison(ConditionNode left, Operator operator, ConditionNode right) ->
                    compare(value(left, values), operator, value(right, values));
            case NullTest(ConditionNode operand, boolean wantNull) -> (value(operand, values) == null) == wantNull;
            case In(ConditionNode operand, List<Literal> items) -> in(value(operand, values), items);
            case Literal literal -> truthy(value(literal, values));
            case Name name -> truthy(value(name, values));
        };
    }

    private static Object value(ConditionNode node, Map<String, ?> values) {
        return switch (node) {
            case Literal(Object value) -> value;
            case Name(String name) -> normalise(values.get(name));
            default -> test(node, values);
        };
    }

    private static Object normalise(Object raw) {
        return switch (raw) {
            case null -> null;
            case String text -> new ValueText(text);
            case Boolean bool -> bool;
            case BigDecimal decimal -> decimal;
            case BigInteger integer -> new BigDecimal(integer);
            case Integer _, Long _, Short _, Byte _ -> BigDecimal.valueOf(((Number) raw).longValue());
            // Float through its own text, so 0.1f stays 0.1 instead of 0.100000001490116...
            case Float number when Float.isFinite(number) -> new BigDecimal(Float.toString(number));
            case Double number when Double.isFinite(number) -> BigDecimal.valueOf(number);
            case Float _, Double _ -> Unsupported.VALUE;
            case Number number -> orUnsupported(parseNumber(number.toString()));
            default -> Unsupported.VALUE;
        };
    }

    private static Object orUnsupported(BigDecimal number) {
        return number == null ? Unsupported.VALUE : number;
    }

    /** Numbers numerically, booleans by equality only, texts lexically; anything else, or a missing value, is false. */
    private static boolean compare(Object left, Operator operator, Object right) {
        if (left instanceof BigDecimal || right instanceof BigDecimal) {
            BigDecimal a = number(left);
            BigDecimal b = number(right);
            return a != null && b != null && operator.holds(a.compareTo(b));
        }
        if (left instanceof Boolean || right instanceof Boolean) {
            Boolean a = bool(left);
            Boolean b = bool(right);
            return a != null && b != null && operator.isEquality() && operator.holds(a.compareTo(b));
        }
        if (left instanceof ValueText && right instanceof ValueText) {
            // two payload texts such as "9" and "10" compare as the numbers they carry, not as "10" < "9"
            BigDecimal a = number(left);
            BigDecimal b = number(right);
            if (a != null && b != null) {
                return operator.holds(a.compareTo(b));
            }
        }
        String a = text(left);
        String b = text(right);
        return a != null && b != null && operator.holds(a.compareTo(b));
    }

    private static boolean in(Object value, List<Literal> items) {
        for (Literal item : items) {
            if (item.value() == null ? value == null : compare(value, Operator.EQ, item.value())) {
                return true;
            }
        }
        return false;
    }

    /** Whether a bare value holds: true, "true", or a number (or numeric text) other than zero. */
    private static boolean truthy(Object value) {
        Boolean bool = bool(value);
        if (bool != null) {
            return bool;
        }
        BigDecimal number = number(value);
        return number != null && number.signum() != 0;
    }

    private static BigDecimal number(Object value) {
        return switch (value) {
            case BigDecimal decimal -> decimal;
            case ValueText(String text) -> parseNumber(text);
            case null, default -> null;
        };
    }

    private static Boolean bool(Object value) {
        return switch (value) {
            case Boolean bool -> bool;
            case ValueText(String text) when text.strip().equalsIgnoreCase("true") -> Boolean.TRUE;
            case ValueText(String text) when text.strip().equalsIgnoreCase("false") -> Boolean.FALSE;
            case null, default -> null;
        };
    }

    private static String text(Object value) {
        return switch (value) {
            case String text -> text;
            case ValueText(String text) -> text;
            case null, default -> null;
        };
    }

    private static BigDecimal parseNumber(String text) {
        if (text.length() > MAX_NUMBER_CHARS || text.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
