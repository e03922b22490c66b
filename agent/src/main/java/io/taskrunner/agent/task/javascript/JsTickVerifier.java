package io.taskrunner.agent.task.javascript;

import io.taskrunner.agent.task.javascript.JsInstrumenter.Hooks;
import java.util.Comparator;
import java.util.List;
import org.openjdk.nashorn.api.tree.AssignmentTree;
import org.openjdk.nashorn.api.tree.BlockTree;
import org.openjdk.nashorn.api.tree.CatchTree;
import org.openjdk.nashorn.api.tree.CompilationUnitTree;
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
import org.openjdk.nashorn.api.tree.IfTree;
import org.openjdk.nashorn.api.tree.LiteralTree;
import org.openjdk.nashorn.api.tree.LoopTree;
import org.openjdk.nashorn.api.tree.MemberSelectTree;
import org.openjdk.nashorn.api.tree.SimpleTreeVisitorES6;
import org.openjdk.nashorn.api.tree.StatementTree;
import org.openjdk.nashorn.api.tree.ThrowTree;
import org.openjdk.nashorn.api.tree.Tree;
import org.openjdk.nashorn.api.tree.TryTree;
import org.openjdk.nashorn.api.tree.WhileLoopTree;

/** Proves that the instrumented script reaches its hooks where {@link JsTickPlanner} meant to put them. */
final class JsTickVerifier extends SimpleTreeVisitorES6<Void, Void> {

    static final String CANNOT_INSTRUMENT =
            "the sandbox cannot make this code stoppable; write the loop or function body in braces";

    private static final Comparator<Tree> BY_POSITION = Comparator.comparingLong(Tree::getStartPosition);

    private final String source;
    private final CompilationUnitTree unit;
    private final Hooks hooks;

    JsTickVerifier(String source, CompilationUnitTree unit, Hooks hooks) {
        this.source = source;
        this.unit = unit;
        this.hooks = hooks;
    }

    @Override
    public Void visitForLoop(ForLoopTree node, Void unused) {
        checkLoop(node);
        return super.visitForLoop(node, unused);
    }

    @Override
    public Void visitForInLoop(ForInLoopTree node, Void unused) {
        checkLoop(node);
        return super.visitForInLoop(node, unused);
    }

    @Override
    public Void visitForOfLoop(ForOfLoopTree node, Void unused) {
        checkLoop(node);
        return super.visitForOfLoop(node, unused);
    }

    @Override
    public Void visitWhileLoop(WhileLoopTree node, Void unused) {
        checkLoop(node);
        return super.visitWhileLoop(node, unused);
    }

    @Override
    public Void visitDoWhileLoop(DoWhileLoopTree node, Void unused) {
        checkLoop(node);
        return super.visitDoWhileLoop(node, unused);
    }

    @Override
    public Void visitFunctionDeclaration(FunctionDeclarationTree node, Void unused) {
        require(node, startsWithTick(node.getBody(), true));
        return super.visitFunctionDeclaration(node, unused);
    }

    @Override
    public Void visitFunctionExpression(FunctionExpressionTree node, Void unused) {
        Tree body = node.getBody();
        boolean ticks = body instanceof BlockTree block
                ? startsWithTick(block, true)
                : body instanceof FunctionExpressionTree
                        || body instanceof ConditionalExpressionTree conditional
                        && isCall(conditional.getCondition(), hooks.tick());
        require(body, ticks);
        return super.visitFunctionExpression(node, unused);
    }

    @Override
    public Void visitCatch(CatchTree node, Void unused) {
        boolean hooked;
        if (node.getParameter() instanceof IdentifierTree parameter) {
            hooked = first(node.getBlock(), false) instanceof ExpressionStatementTree statement
                    && statement.getExpression() instanceof AssignmentTree assignment
                    && assignment.getVariable() instanceof IdentifierTree target
                    && target.getName().equals(parameter.getName())
                    && isCall(assignment.getExpression(), hooks.caught());
        } else {
            hooked = startsWithTick(node.getBlock(), false);
        }
        require(node, hooked);
        return super.visitCatch(node, unused);
    }

    @Override
    public Void visitTry(TryTree node, Void unused) {
        if (node.getFinallyBlock() != null) {
            require(node.getFinallyBlock(), startsWithTick(node.getFinallyBlock(), false));
        }
        return super.visitTry(node, unused);
    }

    @Override
    public Void visitThrow(ThrowTree node, Void unused) {
        require(node, node.getExpression() instanceof AssignmentTree assignment
                && assignment.getVariable() instanceof MemberSelectTree target
                && target.getExpression() instanceof IdentifierTree hook && hook.getName().equals(hooks.thrown())
                && target.getIdentifier().equals("v"));
        return super.visitThrow(node, unused);
    }

    private void checkLoop(LoopTree loop) {
        StatementTree body = loop.getStatement();
        while (body instanceof BlockTree block && !isBraced(block) && block.getStatements().size() == 1) {
            body = block.getStatements().getFirst();
        }
        boolean ticks = body instanceof BlockTree block
                ? startsWithTick(block, false)
                : body instanceof IfTree conditional && isCall(conditional.getCondition(), hooks.tick());
        require(loop, ticks);
    }

    private boolean startsWithTick(BlockTree block, boolean skipDirectives) {
        return isBraced(block) && first(block, skipDirectives) instanceof ExpressionStatementTree statement
                && isCall(statement.getExpression(), hooks.tick());
    }

    /** The block's first statement in source order (Nashorn lists hoisted declarations first), or null. */
    private static Tree first(BlockTree block, boolean skipDirectives) {
        List<? extends StatementTree> statements = block.getStatements().stream().sorted(BY_POSITION).toList();
        for (StatementTree statement : statements) {
            boolean directive = statement instanceof ExpressionStatementTree expression
                    && expression.getExpression() instanceof LiteralTree literal
                    && literal.getValue() instanceof String;
            if (!(skipDirectives && directive)) {
                return statement;
            }
        }
        return null;
    }

    private static boolean isCall(Tree tree, String function) {
        return tree instanceof FunctionCallTree call && call.getFunctionSelect() instanceof IdentifierTree name
                && name.getName().equals(function);
    }

    private boolean isBraced(BlockTree block) {
        int start = Math.toIntExact(block.getStartPosition());
        return start < source.length() && source.charAt(start) == '{';
    }

    private void require(Tree node, boolean hooked) {
        if (!hooked) {
            throw JsInstrumenter.refused(unit, node, CANNOT_INSTRUMENT);
        }
    }
}
