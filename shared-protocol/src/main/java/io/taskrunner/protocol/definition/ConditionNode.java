package io.taskrunner.protocol.definition;

import java.util.List;

/** The parsed form of a {@link Condition}: a small tree the evaluator walks; built only by the parser. */
sealed interface ConditionNode {

    /** A number ({@code BigDecimal}), text ({@code String}), {@code Boolean}, or {@code null}. */
    record Literal(Object value) implements ConditionNode {
    }

    /** A parameter value, looked up when the condition is tested. */
    record Name(String name) implements ConditionNode {
    }

    record Not(ConditionNode operand) implements ConditionNode {
    }

    /** Two or more operands; a list rather than a binary tree, so long chains do not deepen the recursion. */
    record And(List<ConditionNode> operands) implements ConditionNode {
    }

    record Or(List<ConditionNode> operands) implements ConditionNode {
    }

    record Comparison(ConditionNode left, Operator operator, ConditionNode right) implements ConditionNode {
    }

    /**
     * {@code x == null} ({@code wantNull}) or {@code x != null}; kept apart from {@link Comparison} because every
     * other comparison with a missing value is false, while these two ask exactly whether it is missing.
     */
    record NullTest(ConditionNode operand, boolean wantNull) implements ConditionNode {
    }

    /** {@code operand in (items)}: true when the operand equals one of the items. */
    record In(ConditionNode operand, List<Literal> items) implements ConditionNode {
    }

    enum Operator {
        EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        String symbol() {
            return symbol;
        }

        boolean isEquality() {
            return this == EQ || this == NE;
        }

        /** Whether the operator holds for a {@code compareTo} result. */
        boolean holds(int comparison) {
            return switch (this) {
                case EQ -> comparison == 0;
                case NE -> comparison != 0;
                case LT -> comparison < 0;
                case LE -> comparison <= 0;
                case GT -> comparison > 0;
                case GE -> comparison >= 0;
            };
        }
    }
}
