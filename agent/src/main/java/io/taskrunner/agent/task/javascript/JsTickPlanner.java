package io.taskrunner.agent.task.javascript;

import io.taskrunner.agent.task.javascript.JsInstrumenter.Hooks;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.openjdk.nashorn.api.tree.ArrayAccessTree;
import org.openjdk.nashorn.api.tree.AssignmentTree;
import org.openjdk.nashorn.api.tree.BinaryTree;
import org.openjdk.nashorn.api.tree.BlockTree;
import org.openjdk.nashorn.api.tree.CatchTree;
import org.openjdk.nashorn.api.tree.ClassDeclarationTree;
import org.openjdk.nashorn.api.tree.ClassExpressionTree;
import org.openjdk.nashorn.api.tree.CompilationUnitTree;
import org.openjdk.nashorn.api.tree.CompoundAssignmentTree;
import org.openjdk.nashorn.api.tree.ConditionalExpressionTree;
import org.openjdk.nashorn.api.tree.DoWhileLoopTree;
import org.openjdk.nashorn.api.tree.ExpressionStatementTree;
import org.openjdk.nashorn.api.tree.ForInLoopTree;
import org.openjdk.nashorn.api.tree.ForLoopTree;
import org.openjdk.nashorn.api.tree.ForOfLoopTree;
import org.openjdk.nashorn.api.tree.FunctionCallTree;
import org.openjdk.nashorn.api.tree.FunctionDeclarationTree;
import org.openjdk.nashorn.api.tree.FunctionExpressionTree;
import org.openjdk.nashorn.api.tree.IdentifierTree;
import org.openjdk.nashorn.api.tree.InstanceOfTree;
import org.openjdk.nashorn.api.tree.LiteralTree;
import org.openjdk.nashorn.api.tree.LoopTree;
import org.openjdk.nashorn.api.tree.MemberSelectTree;
import org.openjdk.nashorn.api.tree.SimpleTreeVisitorES6;
import org.openjdk.nashorn.api.tree.ThrowTree;
import org.openjdk.nashorn.api.tree.Tree;
import org.openjdk.nashorn.api.tree.TryTree;
import org.openjdk.nashorn.api.tree.UnaryTree;
import org.openjdk.nashorn.api.tree.WhileLoopTree;
import org.openjdk.nashorn.api.tree.WithTree;

/**
 * Finds where the hooks go and inserts them. Only the starts of constructs are used: Nashorn's end positions leave
 * out semicolons and closing quotes. So a loop body that is not a block becomes {@code if (tick()); else body}, and
 * an arrow function's expression body {@code tick() ? 0 : body}, and {@code throw value} becomes
 * {@code throw hook.v = value}; none needs a closing text.
 */
final class JsTickPlanner extends SimpleTreeVisitorES6<Void, Void> {

    static final String NO_CLASSES = "classes are not supported by the script engine";

    private record Insertion(int offset, int order, String text) {
        /** Outer constructs are visited first, so their text goes first at a shared offset. */
        private static final Comparator<Insertion> SOURCE_ORDER =
                Comparator.comparingInt(Insertion::offset).thenComparingInt(Insertion::order);
    }

    private final String source;
    private final CompilationUnitTree unit;
    private final String tickCall;
    private final String caught;
    private final String thrown;
    private final List<Insertion> insertions = new ArrayList<>();

    JsTickPlanner(String source, CompilationUnitTree unit, Hooks hooks) {
        this.source = source;
        this.unit = unit;
        this.tickCall = hooks.tick() + "()";
        this.caught = hooks.caught();
        this.thrown = hooks.thrown();
    }

    /** {@code text} (the planned source or one of the same length and structure) with the hooks inserted. */
    String applyTo(String text) {
        List<Insertion> sorted = new ArrayList<>(insertions);
        sorted.sort(Insertion.SOURCE_ORDER);
        StringBuilder out = new StringBuilder(text.length() + sorted.size() * (tickCall.length() + 12));
        int copied = 0;
        for (Insertion insertion : sorted) {
            out.append(text, copied, insertion.offset()).append(insertion.text());
            copied = insertion.offset();
        }
        return out.append(text, copied, text.length()).toString();
    }

    @Override
    public Void visitForLoop(ForLoopTree node, Void unused) {
        loopBody(node);
        return super.visitForLoop(node, unused);
    }

    @Override
    public Void visitForInLoop(ForInLoopTree node, Void unused) {
        loopBody(node);
        return super.visitForInLoop(node, unused);
    }

    @Override
    public Void visitForOfLoop(ForOfLoopTree node, Void unused) {
        loopBody(node);
        return super.visitForOfLoop(node, unused);
    }

    @Override
    public Void visitWhileLoop(WhileLoopTree node, Void unused) {
        loopBody(node);
        return super.visitWhileLoop(node, unused);
    }

    @Override
    public Void visitDoWhileLoop(DoWhileLoopTree node, Void unused) {
        loopBody(node);
        return super.visitDoWhileLoop(node, unused);
    }

    @Override
    public Void visitFunctionDeclaration(FunctionDeclarationTree node, Void unused) {
        functionBody(node.getBody());
        return super.visitFunctionDeclaration(node, unused);
    }

    @Override
    public Void visitFunctionExpression(FunctionExpressionTree node, Void unused) {
        Tree body = node.getBody();
        if (body instanceof BlockTree block && isBraced(block)) {
            functionBody(block);
        } else if (!(body instanceof FunctionExpressionTree)) {
            // An arrow returning a function only creates it: cheap, and Nashorn gives no usable start for it.
            insert(expandStart(leftmostStart(body)), tickCall + "?0:");
        }
        return super.visitFunctionExpression(node, unused);
    }

    @Override
    public Void visitCatch(CatchTree node, Void unused) {
        String text = node.getParameter() instanceof IdentifierTree parameter
                ? parameter.getName() + "=" + caught + "(" + parameter.getName() + ");"
                : tickCall + ";";
        insert(afterBrace(node.getBlock()), text);
        return super.visitCatch(node, unused);
    }

    @Override
    public Void visitTry(TryTree node, Void unused) {
        if (node.getFinallyBlock() != null) {
            insert(afterBrace(node.getFinallyBlock()), tickCall + ";");
        }
        return super.visitTry(node, unused);
    }

    @Override
    public Void visitThrow(ThrowTree node, Void unused) {
        insert(expandStart(leftmostStart(node.getExpression())), " " + thrown + ".v=");
        return super.visitThrow(node, unused);
    }

    @Override
    public Void visitWith(WithTree node, Void unused) {
        throw JsInstrumenter.refused(unit, node, "the with statement is not supported in task scripts");
    }

    @Override
    public Void visitClassDeclaration(ClassDeclarationTree node, Void unused) {
        throw JsInstrumenter.refused(unit, node, NO_CLASSES);
    }

    @Override
    public Void visitClassExpression(ClassExpressionTree node, Void unused) {
        throw JsInstrumenter.refused(unit, node, NO_CLASSES);
    }

    @Override
    public Void visitUnknown(Tree node, Void unused) {
        // Never run what could not be checked.
        throw JsInstrumenter.refused(unit, node, node.getKind() + " is not supported in task scripts");
    }

    private void loopBody(LoopTree loop) {
        Tree body = loop.getStatement();
        if (body instanceof BlockTree block && isBraced(block)) {
            insert(afterBrace(block), tickCall + ";");
        } else {
            // Needs no closing text, and keeps a following else with the if it belonged to.
            insert(expandStart(Math.toIntExact(body.getStartPosition())), " if(" + tickCall + ");else ");
        }
    }

    private void functionBody(BlockTree body) {
        int offset = afterBrace(body);
        String text = tickCall + ";";
        // Directives ('use strict') must stay first, so the tick goes after them.
        for (Tree statement : body.getStatements()) {
            if (!(statement instanceof ExpressionStatementTree expression
                    && expression.getExpression() instanceof LiteralTree literal
                    && literal.getValue() instanceof String)) {
                break;
            }
            int end = Math.toIntExact(statement.getEndPosition());
            if (end < source.length() && isQuote(source.charAt(end))) {
                end++;  // a string literal's end leaves out its closing quote
            }
            int semicolon = nextSemicolon(end);
            offset = semicolon >= 0 ? semicolon + 1 : end;
            text = semicolon >= 0 ? tickCall + ";" : ";" + tickCall + ";";
        }
        insert(offset, text);
    }

    /** Where an expression really starts: Nashorn puts some (a ? b : c, tagged templates) at a later token. */
    private static int leftmostStart(Tree tree) {
        Tree left = switch (tree) {
            case ConditionalExpressionTree conditional -> conditional.getCondition();
            case BinaryTree binary -> binary.getLeftOperand();
            case AssignmentTree assignment -> assignment.getVariable();
            case CompoundAssignmentTree assignment -> assignment.getVariable();
            case MemberSelectTree select -> select.getExpression();
            case ArrayAccessTree access -> access.getExpression();
            case FunctionCallTree call -> call.getFunctionSelect();
            case InstanceOfTree instanceOf -> instanceOf.getExpression();
            case UnaryTree unary -> unary.getExpression();
            default -> null;
        };
        int start = Math.toIntExact(tree.getStartPosition());
        return left == null ? start : Math.min(start, leftmostStart(left));
    }

    /** Moves a start before the opening quote of a string or template and before enclosing parentheses. */
    private int expandStart(int start) {
        int result = start;
        if (result > 0 && isQuote(source.charAt(result - 1))) {
            result--;
        }
        for (int i = result - 1; i >= 0; i--) {
            char c = source.charAt(i);
            if (c == '(') {
                result = i;
            } else if (!Character.isWhitespace(c)) {
                break;
            }
        }
        return result;
    }

    /** The offset of the {@code ;} that follows {@code from} after blanks and comments, or -1. */
    private int nextSemicolon(int from) {
        int i = from;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (source.startsWith("//", i)) {
                int lineEnd = source.indexOf('\n', i);
                i = lineEnd < 0 ? source.length() : lineEnd;
            } else if (source.startsWith("/*", i)) {
                int commentEnd = source.indexOf("*/", i + 2);
                i = commentEnd < 0 ? source.length() : commentEnd + 2;
            } else {
                return c == ';' ? i : -1;
            }
        }
        return -1;
    }

    /** A block written with braces; Nashorn also makes blocks of its own, e.g. around some for loops. */
    private boolean isBraced(BlockTree block) {
        int start = Math.toIntExact(block.getStartPosition());
        return start < source.length() && source.charAt(start) == '{';
    }

    private int afterBrace(BlockTree block) {
        if (!isBraced(block)) {
            throw JsInstrumenter.refused(unit, block, JsTickVerifier.CANNOT_INSTRUMENT);
        }
        return Math.toIntExact(block.getStartPosition()) + 1;
    }

    private void insert(int offset, String text) {
        insertions.add(new Insertion(offset, insertions.size(), text));
    }

    private static boolean isQuote(char c) {
        return c == '\'' || c == '"' || c == '`';
    }
}
