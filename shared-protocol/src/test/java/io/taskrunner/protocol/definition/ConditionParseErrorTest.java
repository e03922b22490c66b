package io.taskrunner.protocol.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskrunner.protocol.ProtocolException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConditionParseErrorTest {

    static Stream<Arguments> malformed() {
        return Stream.of(
                // dangling operators
                Arguments.of("temperature >", "at 14: expected a value after '>'"),
                Arguments.of("temperature >  ", "at 16: expected a value after '>'"),
                Arguments.of("temperature > )", "at 15: expected a value after '>', found ')'"),
                Arguments.of("a and", "at 6: expected a condition after 'and'"),
                Arguments.of("a || or b", "at 6: expected a condition after '||', found 'or'"),
                Arguments.of("not", "at 4: expected a condition after 'not'"),
                Arguments.of("and a", "at 1: expected a condition, found 'and'"),
                Arguments.of("== 5", "at 1: expected a condition, found '=='"),
                // parentheses
                Arguments.of("(a > 1", "at 7: expected ')' to close the '(' at 1"),
                Arguments.of("a and ((b)", "at 11: expected ')' to close the '(' at 7"),
                Arguments.of("a > 1)", "at 6: ')' has no matching '('"),
                Arguments.of("()", "at 2: expected a condition after '(', found ')'"),
                Arguments.of("(a b)", "at 4: expected 'and', 'or' or ')', found 'b'"),
                // what may follow a complete condition
                Arguments.of("a > 1 b", "at 7: expected 'and', 'or' or the end, found 'b'"),
                Arguments.of("x > 5 AND y", "at 7: expected 'and', 'or' or the end, found 'AND'"),
                Arguments.of("s == 'a' 'b'", "at 10: expected 'and', 'or' or the end, found 'b'"),
                Arguments.of("1 < a < 3", "at 7: comparisons do not chain; join them with 'and'"),
                Arguments.of("a == b in (1)", "at 8: comparisons do not chain; join them with 'and'"),
                Arguments.of("not x > 5",
                        "at 7: 'not' binds tighter than '>'; write not (… > …) to negate the comparison"),
                Arguments.of("!x in (1)",
                        "at 4: 'not' binds tighter than 'in'; write not (… in …) to negate the comparison"),
                Arguments.of("x < null", "at 3: null can only be compared with '==' or '!='"),
                Arguments.of("null >= x", "at 6: null can only be compared with '==' or '!='"),
                // in
                Arguments.of("s in 'a'", "at 6: expected '(' after 'in', found 'a'"),
                Arguments.of("s in", "at 5: expected '(' after 'in'"),
                Arguments.of("s in ()", "at 7: expected a number, string, true, false or null after '(', found ')'"),
                Arguments.of("s in ('a',)", "at 11: expected a number, string, true, false or null after ',', "
                        + "found ')'"),
                Arguments.of("s in (t)", "at 7: expected a number, string, true, false or null after '(', found 't'"),
                Arguments.of("s in ('a' 'b')", "at 11: expected ',' or ')' after 'a', found 'b'"),
                Arguments.of("s in ('a'", "at 10: expected ',' or ')' after 'a'"),
                // characters and operators
                Arguments.of("a # b", "at 3: unexpected character '#'"),
                Arguments.of("a == ñ", "at 6: unexpected character U+00F1"),
                Arguments.of("a\u0000", "at 2: unexpected character U+0000"),
                Arguments.of("a = 1", "at 3: a single '=' does not compare; use '=='"),
                Arguments.of("a & b", "at 3: expected '&&'"),
                Arguments.of("a | b", "at 3: expected '||'"),
                Arguments.of("a.b == 1", "at 2: unexpected character '.'"),
                // strings
                Arguments.of("s == 'abc", "at 6: the string is not closed; expected a closing '"),
                Arguments.of("s == \"abc'", "at 6: the string is not closed; expected a closing \""),
                Arguments.of("s == 'abc\\", "at 6: the string is not closed; expected a closing '"),
                Arguments.of("s == 'a\\nb'",
                        "at 8: unknown escape 'n' after '\\'; only \\\\, \\' and \\\" may follow a backslash"),
                // numbers
                Arguments.of("x > 1e1001", "at 5: the exponent must be between -1000 and 1000"),
                Arguments.of("x > 1e-1001", "at 5: the exponent must be between -1000 and 1000"),
                Arguments.of("x > 1e99999999999999999999", "at 5: the exponent must be between -1000 and 1000"),
                Arguments.of("x > 1e", "at 7: expected a digit in the exponent"),
                Arguments.of("x > 1e+", "at 8: expected a digit in the exponent"),
                Arguments.of("x > 1.", "at 7: expected a digit after '.'"),
                Arguments.of("x > -y", "at 6: expected a digit after '-'"),
                Arguments.of("x > 1" + "0".repeat(100), "at 5: a number has at most 100 digits"),
                Arguments.of("x > 0." + "0".repeat(100), "at 5: a number has at most 100 digits"),
                Arguments.of("x" + "1".repeat(64) + " > 1", "at 1: a name has at most 64 characters"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void parse_ofMalformedText_namesThePositionAndWhatWasExpected(String text, String reason) {
        ProtocolException e = refused(text);

        assertThat(e.field()).isEqualTo("condition");
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e).hasMessage("condition: " + reason);
    }

    @Test
    void parse_atTheLimits_succeeds() {
        assertThat(Condition.parse("x > 1e1000 or x < 1e-1000 or x == 1E+0", "condition").names()).containsExactly("x");
        assertThat(Condition.parse("x > 1e0001000", "condition").test(Map.of("x", 1))).isFalse();
        assertThat(Condition.parse("x > " + "9".repeat(100), "condition").test(Map.of("x", 1))).isFalse();
        assertThat(Condition.parse("x" + "1".repeat(63) + " > 1", "condition").names()).hasSize(1);
        assertThat(Condition.parse("x == 1" + " ".repeat(994), "condition").text()).hasSize(1000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n "})
    void parse_ofBlankText_isRefused(String text) {
        assertThat(refused(text)).hasMessage("condition: must not be blank");
    }

    @Test
    void parse_ofNull_isRefused() {
        assertThat(refused(null)).hasMessage("condition: is required");
    }

    @Test
    void parse_withoutAField_saysOnlyTheReason() {
        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> Condition.parse("a >", null));

        assertThat(e.field()).isNull();
        assertThat(e).hasMessage("at 4: expected a value after '>'");
    }

    @Test
    void parse_ofTextLongerThan1000Characters_isRefused() {
        assertThat(refused("x == 1" + " ".repeat(995))).hasMessage("condition: is longer than 1000 characters");
    }

    @Test
    void parse_ofMoreThan200Tokens_isRefused_atThe201st() {
        String twoHundred = "!x" + " or x".repeat(99);
        String twoHundredAndOne = twoHundred + " or";

        assertThatCode(() -> Condition.parse(twoHundred, "condition")).doesNotThrowAnyException();
        assertThat(refused(twoHundredAndOne)).hasMessage("condition: at " + (twoHundred.length() + 2)
                + ": has more than 200 tokens");
    }

    @Test
    void parse_nestedDeeperThan32Levels_isRefused() {
        String parens32 = "(".repeat(32) + "x" + ")".repeat(32);
        String nots32 = "not ".repeat(32) + "x";

        assertThat(Condition.parse(parens32, "condition").test(Map.of("x", true))).isTrue();
        assertThat(Condition.parse(nots32, "condition").test(Map.of("x", true))).isTrue();
        assertThat(refused("(" + parens32 + ")")).hasMessage("condition: at 33: nested deeper than 32 levels");
        assertThat(refused("!" + nots32)).hasMessage("condition: at 126: nested deeper than 32 levels");
        assertThat(refused("(not ".repeat(16) + "!x" + ")".repeat(16)))
                .hasMessage("condition: at 81: nested deeper than 32 levels");
    }

    // ---- hostile input: fails fast with a ProtocolException, never a StackOverflowError ------------------------

    @Test
    @Timeout(5)
    void parse_ofTenThousandNestedParentheses_failsFast() {
        assertThat(refused("(".repeat(10_000) + "x" + ")".repeat(10_000)))
                .hasMessage("condition: is longer than 1000 characters");
        assertThat(refused("(".repeat(999) + "x")).hasMessage("condition: at 201: has more than 200 tokens");
        assertThat(refused("(".repeat(90) + "x" + ")".repeat(90)).reason())
                .isEqualTo("at 33: nested deeper than 32 levels");
        assertThat(refused("!".repeat(999) + "x")).hasMessage("condition: at 201: has more than 200 tokens");
        assertThat(refused("-".repeat(999) + "1").reason()).isEqualTo("at 2: expected a digit after '-'");
    }

    @Test
    @Timeout(5)
    void parse_ofAMegabyte_failsFast() {
        String megabyte = "x".repeat(1 << 20);

        assertThat(refused("s == '" + megabyte + "'")).hasMessage("condition: is longer than 1000 characters");
        assertThat(refused(megabyte)).hasMessage("condition: is longer than 1000 characters");
        assertThat(refused("x > " + "9".repeat(1 << 20))).hasMessage("condition: is longer than 1000 characters");
    }

    @Test
    @Timeout(5)
    void test_ofHostileValues_neverThrows_andStaysFast() {
        Condition condition = Condition.parse("x > 1 or x == 'a' or x == true or x in (1, 'b', null) or x or "
                + "x == y or x < y", "condition");
        Map<String, Object> nullValue = new HashMap<>();
        nullValue.put("x", null);
        List<Object> odd = List.of("9".repeat(1 << 20), "1e999999999", "1e-999999999", "-", "NaN", "Infinity", "0x10",
                new BigDecimal("1e999999999"), new BigDecimal("-1e-999999999"), Double.NaN, Double.MAX_VALUE,
                Long.MIN_VALUE, new Object(), List.of(1), Map.of("x", 1), new StringBuilder("1"), new int[] {1},
                "\u0000", " ", "");

        for (Object x : odd) {
            for (Object y : odd) {
                assertThatCode(() -> condition.test(Map.of("x", x, "y", y))).as("%s vs %s", x, y)
                        .doesNotThrowAnyException();
            }
        }
        assertThat(condition.test(nullValue)).isTrue();
        assertThat(condition.test(Map.of())).isTrue();
        assertThat(condition.test(null)).isTrue();
    }

    @Test
    void test_ofANumberTextLongerThan100Characters_treatsItAsText() {
        assertThat(Condition.parse("x > 1", "condition").test(Map.of("x", "9".repeat(100)))).isTrue();
        assertThat(Condition.parse("x > 1", "condition").test(Map.of("x", "9".repeat(101)))).isFalse();
    }

    private static ProtocolException refused(String text) {
        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> Condition.parse(text, "condition"));
        assertThat(e).as("parse(%s) should fail", text).isNotNull();
        return e;
    }
}
