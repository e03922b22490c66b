package io.taskrunner.protocol.definition;

import io.taskrunner.protocol.definition.ConditionNode.Operator;

/**
 * One token of a condition.
 *
 * @param text     the token as written, for error messages
 * @param value    the literal value of a number ({@code BigDecimal}) or string token, else {@code null}
 * @param position where the token starts, 1-based; the end token sits one past the last character
 */
record ConditionToken(Kind kind, String text, Object value, int position) {

    enum Kind {
        NAME, NUMBER, STRING, TRUE, FALSE, NULL, AND, OR, NOT, OPEN, CLOSE, COMMA,
        EQ(Operator.EQ), NE(Operator.NE), LT(Operator.LT), LE(Operator.LE), GT(Operator.GT), GE(Operator.GE),
        END;

        private final Operator operator;

        Kind() {
            this(null);
        }

        Kind(Operator operator) {
            this.operator = operator;
        }

        /** The comparison this token stands for, or {@code null}. */
        Operator operator() {
            return operator;
        }
    }

    boolean is(Kind expected) {
        return kind == expected;
    }

    /** {@code in} is not a keyword: a parameter may be called {@code in}; only after an operand is it the operator. */
    boolean isIn() {
        return kind == Kind.NAME && text.equals("in");
    }

    boolean isComparison() {
        return kind.operator() != null || isIn();
    }

    /** How an error message shows the token: quoted and cut short, or "the end". */
    String shown() {
        if (kind == Kind.END) {
            return "the end";
        }
        String cut = text.length() > 24 ? text.substring(0, 24) + "…" : text;
        return kind == Kind.STRING ? cut : "'" + cut + "'";
    }
}
