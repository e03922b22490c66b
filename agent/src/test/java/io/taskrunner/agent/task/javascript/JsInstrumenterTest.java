package io.taskrunner.agent.task.javascript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.agent.task.javascript.JsInstrumenter.Hooks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.nashorn.api.tree.Parser;

class JsInstrumenterTest {

    private static final Hooks HOOKS = new Hooks("T", "C", "H");

    private static String instrument(String source) {
        return JsInstrumenter.instrument(source, "test.js", HOOKS);
    }

    @Test
    void instrument_whenLoopBodyIsABlock_ticksAtItsStart() {
        assertThat(instrument("while (x) { x--; }")).isEqualTo("while (x) {T(); x--; }");
        assertThat(instrument("for (;;) {}")).isEqualTo("for (;;) {T();}");
        assertThat(instrument("for (var k in o) { f(k); }")).isEqualTo("for (var k in o) {T(); f(k); }");
        assertThat(instrument("for (const v of a) { f(v); }")).isEqualTo("for (const v of a) {T(); f(v); }");
        assertThat(instrument("do { x++; } while (x < 3);")).isEqualTo("do {T(); x++; } while (x < 3);");
    }

    @Test
    void instrument_whenLoopBodyIsOneStatement_putsTheTickInAnIfBeforeIt() {
        assertThat(instrument("while (x) x--;")).isEqualTo("while (x)  if(T());else x--;");
        assertThat(instrument("for (;;) ;")).isEqualTo("for (;;)  if(T());else ;");
        assertThat(instrument("do x++; while (x < 3)")).isEqualTo("do  if(T());else x++; while (x < 3)");
        assertThat(instrument("while (x) 'a'.length;")).isEqualTo("while (x)  if(T());else 'a'.length;");
        assertThat(instrument("while (x) (f)(x);")).isEqualTo("while (x)  if(T());else (f)(x);");
    }

    @Test
    void instrument_whenLoopWithoutBracesSitsInIfElse_keepsTheElse() {
        String out = instrument("if (a) while (b) b--; else c();");

        assertThat(out).isEqualTo("if (a) while (b)  if(T());else b--; else c();");
        assertParses(out);
    }

    @Test
    void instrument_whenLoopsNestWithoutBraces_ticksInEach() {
        String out = instrument("for (;;) for (var k in o) while (x) x--");

        assertThat(out).isEqualTo("for (;;)  if(T());else for (var k in o)  if(T());else while (x)  if(T());else x--");
        assertParses(out);
    }

    @Test
    void instrument_whenLoopDeclaresLetOrConst_stillFindsItAndWhatItHolds() {
        assertThat(instrument("for (let i = 0; i < 3; i++) { while (x) {} }"))
                .isEqualTo("for (let i = 0; i < 3; i++) {T(); while (x) {T();} }");
        assertThat(instrument("for (const k in o) for (let v of k) v;"))
                .isEqualTo("for (const k in o)  if(T());else for (let v of k)  if(T());else v;");
    }

    @Test
    void instrument_whenFunctionsAreDeclared_ticksAtEveryBodyStart() {
        assertThat(instrument("function f(a) { return a; }")).isEqualTo("function f(a) {T(); return a; }");
        assertThat(instrument("var g = function () {};")).isEqualTo("var g = function () {T();};");
        assertThat(instrument("var h = (a) => { return a; };")).isEqualTo("var h = (a) => {T(); return a; };");
        assertThat(instrument("var o = { get p() { return 1; }, m() {} };"))
                .isEqualTo("var o = { get p() {T(); return 1; }, m() {T();} };");
    }

    @Test
    void instrument_whenArrowHasAnExpressionBody_ticksBeforeTheWholeExpression() {
        assertThat(instrument("var f = a => b => a + b;")).isEqualTo("var f = a => b => T()?0:a + b;");
        assertThat(instrument("var f = () => a ? b : c;")).isEqualTo("var f = () => T()?0:a ? b : c;");
        assertThat(instrument("var f = () => 's';")).isEqualTo("var f = () => T()?0:'s';");
        assertThat(instrument("var f = () => (a, b);")).isEqualTo("var f = () => T()?0:(a, b);");
        assertThat(instrument("var f = () => ({a: 1});")).isEqualTo("var f = () => T()?0:({a: 1});");
        assertThat(instrument("var f = n => !n;")).isEqualTo("var f = n => T()?0:!n;");
    }

    @Test
    void instrument_whenFunctionHasDirectives_ticksAfterThem() {
        assertThat(instrument("function f() { 'use strict'; return this; }"))
                .isEqualTo("function f() { 'use strict';T(); return this; }");
        assertThat(instrument("function f() { 'use strict'\n return this; }"))
                .isEqualTo("function f() { 'use strict';T();\n return this; }");
    }

    @Test
    void instrument_whenCatchAndFinallyAppear_passesTheExceptionThroughTheHook() {
        assertThat(instrument("try { f(); } catch (e) { g(e); } finally { h(); }"))
                .isEqualTo("try { f(); } catch (e) {e=C(e); g(e); } finally {T(); h(); }");
    }

    @Test
    void instrument_whenLoopsSitInSwitchesLabelsAndDefaults_findsThemAll() {
        assertThat(instrument("switch (x) { case 1: while (y) y--; }"))
                .isEqualTo("switch (x) { case 1: while (y)  if(T());else y--; }");
        assertThat(instrument("outer: for (;;) { inner: for (;;) { continue outer; } }"))
                .isEqualTo("outer: for (;;) {T(); inner: for (;;) {T(); continue outer; } }");
        assertThat(instrument("function f(a = function () { while (a) {} }) {}"))
                .isEqualTo("function f(a = function () {T(); while (a) {T();} }) {T();}");
        assertThat(instrument("var s = `${(() => { for (;;) {} })()}`;"))
                .isEqualTo("var s = `${(() => {T(); for (;;) {T();} })()}`;");
    }

    @Test
    void instrument_whenCommentsStandBeforeTheBody_stillTicksInIt() {
        assertThat(instrument("while (x) /* c */ x--;")).isEqualTo("while (x) /* c */  if(T());else x--;");
        assertThat(instrument("while (x) // c\n    x--;")).isEqualTo("while (x) // c\n     if(T());else x--;");
    }

    @Test
    void instrument_whenLetOrConstAppearOutsideDeclarations_leavesThemAlone() {
        String source = "var o = {let: 'let', const: /const/}; o.let = letter + constant;";

        assertThat(instrument(source)).isEqualTo(source);
    }

    @Test
    void instrument_whenScriptIsStrict_keepsItValidStrictCode() {
        String out = instrument("'use strict';\nfunction f() { try { g(); } catch (e) { return e; } }");

        assertThat(out).isEqualTo("'use strict';\nfunction f() {T(); try { g(); } catch (e) {e=C(e); return e; } }");
        assertParses(out);
    }

    @Test
    void instrument_whenScriptThrows_passesTheValueThroughTheThrowHook() {
        assertThat(instrument("throw e;")).isEqualTo("throw  H.v=e;");
        assertThat(instrument("throw(e)")).isEqualTo("throw H.v=(e)");
        assertThat(instrument("throw 'text';")).isEqualTo("throw  H.v='text';");
        assertThat(instrument("throw a ? new Error(a) : b;")).isEqualTo("throw  H.v=a ? new Error(a) : b;");
        assertThat(instrument("function f() { throw {code: 1}; }"))
                .isEqualTo("function f() {T(); throw  H.v={code: 1}; }");
    }

    @Test
    void instrument_keepsEveryLineWhereItWas() {
        String source = """
                var total = 0;
                for (var i = 0; i < 3; i++)
                    total += i;
                function twice(x) {
                    return x * 2;
                }
                try {
                    throw new Error('x');
                } catch (e) {
                    total = twice(total);
                }
                """;

        String out = instrument(source);

        assertThat(out.lines().count()).isEqualTo(source.lines().count());
        List<String> original = source.lines().toList();
        List<String> changed = out.lines().toList();
        for (int i = 0; i < original.size(); i++) {
            assertThat(changed.get(i).replace(" if(T());else ", "").replace("T();", "").replace("e=C(e);", "")
                    .replace(" H.v=", ""))
                    .isEqualTo(original.get(i));
        }
        assertParses(out);
    }

    @Test
    void instrument_whenScriptHasASyntaxError_namesItsLine() {
        assertThatThrownBy(() -> instrument("var a = 1;\nvar b = ;\n"))
                .isInstanceOfSatisfying(JsSyntaxException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.getMessage()).isEqualTo("Expected an operand but found ;");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"var o = {};\nwith (o) { x = 1; }", "var a;\nclass K {}"})
    void instrument_whenScriptUsesWhatTheSandboxRefuses_namesItsLine(String source) {
        assertThatThrownBy(() -> instrument(source))
                .isInstanceOfSatisfying(JsSyntaxException.class, e -> assertThat(e.line()).isEqualTo(2));
    }

    private static void assertParses(String source) {
        List<String> errors = new ArrayList<>();
        Parser.create("--language=es6").parse("check.js", source, diagnostic -> errors.add(diagnostic.getMessage()));
        assertThat(errors).isEmpty();
    }
}
