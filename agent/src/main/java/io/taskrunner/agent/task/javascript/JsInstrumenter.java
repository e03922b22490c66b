package io.taskrunner.agent.task.javascript;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.openjdk.nashorn.api.tree.ClassExpressionTree;
import org.openjdk.nashorn.api.tree.CompilationUnitTree;
import org.openjdk.nashorn.api.tree.Diagnostic;
import org.openjdk.nashorn.api.tree.Parser;
import org.openjdk.nashorn.api.tree.SimpleTreeVisitorES6;
import org.openjdk.nashorn.api.tree.Tree;
import org.openjdk.nashorn.api.tree.VariableTree;

/**
 * Makes a script stoppable. Nashorn cannot be interrupted inside a busy loop, so a call to the tick hook goes at
 * the start of every loop body, function body and finally block, and every catch block first passes its exception
 * through the catch hook (which turns Java exceptions into JS errors and rethrows once the run was stopped).
 * Every thrown value passes the throw hook first, which keeps Nashorn from attaching its Java exception to it.
 *
 * <p>Text is only inserted, never with a line break, so line numbers in error messages stay those of the original.
 * The result is parsed again and every loop, function, catch and finally block checked for its hook; a script that
 * cannot be instrumented with certainty is refused, never run unchecked.
 *
 * <p>Nashorn's tree API drops loops whose header declares {@code let} or {@code const}, with everything inside
 * them. So positions come from a shadow copy where those words became {@code var} of the same length; the engine
 * runs the original with the same insertions.
 */
final class JsInstrumenter {

    /**
     * The global names of the hooks; random per run, so a script cannot shadow them with its own identifiers.
     *
     * @param tick   called without arguments; throws once the run must stop
     * @param caught called with a catch block's exception; returns what the block should see
     * @param thrown an object whose property {@code v} is assigned each value just before it is thrown
     */
    record Hooks(String tick, String caught, String thrown) {
    }

    private static final String[] PARSER_OPTIONS = {"--language=es6", "--no-syntax-extensions"};
    /** Every such word, also in strings and comments: replacing it there changes neither length nor structure. */
    private static final Pattern LEXICAL = Pattern.compile("(?<![\\w$])(?:let|const)(?![\\w$])");

    private JsInstrumenter() {
    }

    /**
     * @param name the script's name in error messages
     * @throws JsSyntaxException naming the first line the parser or the sandbox refused
     */
    static String instrument(String source, String name, Hooks hooks) {
        String shadow = LEXICAL.matcher(source).replaceAll(word -> word.group().length() == 3 ? "var" : "var  ");
        CompilationUnitTree unit = parse(shadow, name);
        unit.accept(new SimpleTreeVisitorES6<Void, Void>() {
            @Override
            public Void visitVariable(VariableTree node, Void unused) {
                if (node.isLet() || node.isConst()) {
                    // Spelled so the replacement missed it: its loop may be missing from the tree.
                    throw refused(unit, node, JsTickVerifier.CANNOT_INSTRUMENT);
                }
                return super.visitVariable(node, unused);
            }

            @Override
            public Void visitClassExpression(ClassExpressionTree node, Void unused) {
                throw refused(unit, node, JsTickPlanner.NO_CLASSES);
            }
        }, null);
        JsTickPlanner planner = new JsTickPlanner(shadow, unit, hooks);
        unit.accept(planner, null);
        String checked = planner.applyTo(shadow);
        CompilationUnitTree instrumented;
        try {
            instrumented = parse(checked, name);
        } catch (JsSyntaxException e) {
            throw new JsSyntaxException(e.line(), JsTickVerifier.CANNOT_INSTRUMENT);
        }
        instrumented.accept(new JsTickVerifier(checked, instrumented, hooks), null);
        return planner.applyTo(source);
    }

    static JsSyntaxException refused(CompilationUnitTree unit, Tree node, String message) {
        return new JsSyntaxException(unit.getLineMap().getLineNumber(node.getStartPosition()), message);
    }

    private static CompilationUnitTree parse(String source, String name) {
        List<JsSyntaxException> errors = new ArrayList<>();
        CompilationUnitTree unit;
        try {
            unit = Parser.create(PARSER_OPTIONS).parse(name, source, diagnostic -> {
                if (diagnostic.getKind() == Diagnostic.Kind.ERROR) {
                    errors.add(new JsSyntaxException(diagnostic.getLineNumber(),
                            JsSyntaxException.stripLocation(diagnostic.getMessage())));
                }
            });
        } catch (AssertionError e) {
            // With assertions on, Nashorn's tree translation fails on shapes it otherwise translates incompletely.
            throw new JsSyntaxException(1, JsTickVerifier.CANNOT_INSTRUMENT);
        }
        if (!errors.isEmpty()) {
            throw errors.getFirst();
        }
        if (unit == null) {
            throw new JsSyntaxException(1, "the script cannot be parsed");
        }
        return unit;
    }
}
