package io.taskrunner.protocol.definition;

import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.ConditionNode.And;
import io.taskrunner.protocol.definition.ConditionNode.Comparison;
import io.taskrunner.protocol.definition.ConditionNode.In;
import io.taskrunner.protocol.definition.ConditionNode.Literal;
import io.taskrunner.protocol.definition.ConditionNode.Name;
import io.taskrunner.protocol.definition.ConditionNode.Not;
import io.taskrunner.protocol.definition.ConditionNode.NullTest;
import io.taskrunner.protocol.definition.ConditionNode.Operator;
import io.taskrunner.protocol.definition.ConditionNode.Or;
import io.taskrunner.protocol.definition.ConditionToken.Kind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Recursive descent over the tokens, one method per precedence level (not > comparison > and > or). Only '(' and
 * 'not' recurse, and both count towards {@link #MAX_DEPTH}, so hostile nesting ends in an error, not a stack
 * overflow.
 */
final class ConditionParser {
    static final int MAX_DEPTH = 32;

    private final List<ConditionToken> tokens;
    private final String field;
    private final Set<String> names = new LinkedHashSet<>();
    private int next;
    private int depth;

    private ConditionParser(List<ConditionToken> tokens, String field) {
        this.tokens = tokens;
        this.field = field;
    }

    /** The tree of the tokens and the names it reads, in order of appearance. */
    record Parsed(ConditionNode root, Set<String> names) {
    }

    static Parsed parse(List<ConditionToken> tokens, String field) {
        ConditionParser parser = new ConditionParser(tokens, field);
        ConditionNode root = parser.or();
        ConditionToken rest = parser.peek();
        if (rest.is(Kind.CLOSE)) {
            throw parser.error(rest, "')' has no matching '('");
        }
        if (!rest.is(Kind.END)) {
            throw parser.error(rest, "expected 'and', 'or' or the end, found " + rest.shown());
        }
        return new Parsed(root, Collections.unmodifiableSet(parser.names));
    }

    private ConditionNode or() {
        List<ConditionNode> operands = new ArrayList<>(List.of(and()));
        while (peek().is(Kind.OR)) {
            next++;
            operands.add(and());
        }
        return operands.size() == 1 ? operands.getFirst() : new Or(List.copyOf(operands));
    }

    private ConditionNode and() {
        List<ConditionNode> operands = new ArrayList<>(List.of(comparison()));
        while (peek().is(Kind.AND)) {
            next++;
            operands.add(comparison());
        }
        return operands.size() == 1 ? operands.getFirst() : new And(List.copyOf(operands));
    }

    private ConditionNode comparison() {
        ConditionToken first = peek();
        ConditionNode left = unary();
        ConditionToken operator = peek();
        if (!operator.isComparison()) {
            return left;
        }
        if (first.is(Kind.NOT)) {
            // 'not x > 5' would mean '(not x) > 5' (always false), rarely what was meant; make the writer choose
            throw error(operator, "'not' binds tighter than " + operator.shown()
                    + "; write not (… " + operator.text() + " …) to negate the comparison");
        }
        next++;
        ConditionNode node = operator.isIn() ? new In(left, items()) : compare(left, operator);
        if (peek().isComparison()) {
            throw error(peek(), "comparisons do not chain; join them with 'and'");
        }
        return node;
    }

    private ConditionNode compare(ConditionNode left, ConditionToken token) {
        Operator operator = token.kind().operator();
        ConditionNode right = unary();
        boolean leftNull = left instanceof Literal(Object value) && value == null;
        boolean rightNull = right instanceof Literal(Object value) && value == null;
        if (!leftNull && !rightNull) {
            return new Comparison(left, operator, right);
        }
        if (!operator.isEquality()) {
            throw error(token, "null can only be compared with '==' or '!='");
        }
        return new NullTest(rightNull ? left : right, operator == Operator.EQ);
    }

    private List<Literal> items() {
        if (!peek().is(Kind.OPEN)) {
            throw expected("'('");
        }
        List<Literal> items = new ArrayList<>();
        // each pass consumes the '(' or ',' before an item; the token limit bounds the list
        while (items.isEmpty() || peek().is(Kind.COMMA)) {
            next++;
            ConditionToken token = peek();
            if (!isLiteral(token)) {
                throw expected("a number, string, true, false or null");
            }
            next++;
            items.add(literal(token));
        }
        if (!peek().is(Kind.CLOSE)) {
            throw expected("',' or ')'");
        }
        next++;
        return List.copyOf(items);
    }

    private ConditionNode unary() {
        ConditionToken token = peek();
        if (!token.is(Kind.NOT)) {
            return primary();
        }
        enter(token);
        ConditionNode operand = unary();
        depth--;
        return new Not(operand);
    }

    private ConditionNode primary() {
        ConditionToken token = peek();
        if (token.is(Kind.OPEN)) {
            enter(token);
            ConditionNode inner = or();
            ConditionToken close = peek();
            if (close.is(Kind.END)) {
                throw error(close, "expected ')' to close the '(' at " + token.position());
            }
            if (!close.is(Kind.CLOSE)) {
                throw error(close, "expected 'and', 'or' or ')', found " + close.shown());
            }
            next++;
            depth--;
            return inner;
        }
        if (token.is(Kind.NAME)) {
            next++;
            names.add(token.text());
            return new Name(token.text());
        }
        if (isLiteral(token)) {
            next++;
            return literal(token);
        }
        boolean afterComparison = next > 0 && tokens.get(next - 1).isComparison();
        throw expected(afterComparison ? "a value" : "a condition");
    }

    /** Steps into a '(' or 'not', refusing to go deeper than {@link #MAX_DEPTH}. */
    private void enter(ConditionToken token) {
        if (++depth > MAX_DEPTH) {
            throw error(token, "nested deeper than " + MAX_DEPTH + " levels");
        }
        next++;
    }

    private static boolean isLiteral(ConditionToken token) {
        return switch (token.kind()) {
            case NUMBER, STRING, TRUE, FALSE, NULL -> true;
            default -> false;
        };
    }

    private static Literal literal(ConditionToken token) {
        return new Literal(switch (token.kind()) {
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            default -> token.value();
        });
    }

    private ConditionToken peek() {
        return tokens.get(next);
    }

    /** "expected X after 'previous'", plus what came instead unless the text simply ended. */
    private ProtocolException expected(String what) {
        ConditionToken found = peek();
        String after = next == 0 ? "" : " after " + tokens.get(next - 1).shown();
        String instead = found.is(Kind.END) ? "" : ", found " + found.shown();
        return error(found, "expected " + what + after + instead);
    }

    private ProtocolException error(ConditionToken token, String message) {
        return new ProtocolException(field, "at " + token.position() + ": " + message);
    }
}
