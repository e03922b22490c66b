package io.taskrunner.protocol.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionTest {

    // ---- comparisons -------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "temperature {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            temperature == 85.5 | true
            temperature == 85.50 | true
            temperature == 80 | false
            temperature != 80 | true
            temperature != 85.5 | false
            temperature < 90 | true
            temperature < 85.5 | false
            temperature <= 85.5 | true
            temperature <= 85.4 | false
            temperature > 80 | true
            temperature > 85.5 | false
            temperature >= 85.5 | true
            temperature >= 85.6 | false
            temperature > -3.5 | true
            temperature < 1e3 | true
            temperature > 8.55E+1 | false
            temperature > 855e-1 | false
            90 > temperature | true
            """)
    void comparison_ofNumbers_isNumeric(String text, boolean expected) {
        assertThat(test(text, Map.of("temperature", 85.5))).isEqualTo(expected);
    }

    @Test
    void comparison_acceptsEveryNumberType() {
        Condition condition = Condition.parse("n == 7", "condition");

        for (Object seven : List.of(7, 7L, (short) 7, (byte) 7, 7.0, 7.0f, BigInteger.valueOf(7),
                new BigDecimal("7.000"), new AtomicLong(7), "7", " 7 ", "7e0")) {
            assertThat(condition.test(Map.of("n", seven))).as("%s (%s)", seven, seven.getClass()).isTrue();
        }
    }

    @Test
    void comparison_ofAFloat_usesItsWrittenValue() {
        assertThat(test("x == 0.1", Map.of("x", 0.1f))).isTrue();
        assertThat(test("x == 0.1", Map.of("x", 0.1d))).isTrue();
    }

    @Test
    void comparison_ofNumericText_comparesAsANumber() {
        assertThat(test("temperature > 80", Map.of("temperature", "85.5"))).isTrue();
        assertThat(test("temperature > 80", Map.of("temperature", "9"))).isFalse();
        assertThat(test("temperature == 85.5", Map.of("temperature", "85.50"))).isTrue();
        assertThat(test("temperature in (85.5, 90)", Map.of("temperature", "85.50"))).isTrue();
    }

    @Test
    void comparison_ofTwoNumericTextValues_isNumeric_notLexical() {
        assertThat(test("low < high", Map.of("low", "9", "high", "10"))).isTrue();
        assertThat(test("low == high", Map.of("low", "1.0", "high", "1"))).isTrue();
    }

    @Test
    void comparison_withAQuotedLiteral_isAlwaysText() {
        assertThat(test("version == '1.10'", Map.of("version", "1.10"))).isTrue();
        assertThat(test("version == '1.10'", Map.of("version", "1.1"))).isFalse();
        assertThat(test("temperature == '85.5'", Map.of("temperature", 85.5))).isFalse();
    }

    @Test
    void comparison_ofStrings_isLexical() {
        Map<String, String> values = Map.of("sensor", "oven-2");

        assertThat(test("sensor == 'oven-2'", values)).isTrue();
        assertThat(test("sensor == \"oven-2\"", values)).isTrue();
        assertThat(test("sensor != 'oven-1'", values)).isTrue();
        assertThat(test("sensor != 'oven-2'", values)).isFalse();
        assertThat(test("sensor > 'oven-1'", values)).isTrue();
        assertThat(test("sensor >= 'oven-2'", values)).isTrue();
        assertThat(test("sensor < 'oven-10'", values)).isFalse();
        assertThat(test("sensor <= 'oven-1'", values)).isFalse();
        assertThat(test("sensor == 'Oven-2'", values)).isFalse();
    }

    @Test
    void string_escapes_areUnderstood() {
        assertThat(test("s == 'it\\'s'", Map.of("s", "it's"))).isTrue();
        assertThat(test("s == \"say \\\"hi\\\"\"", Map.of("s", "say \"hi\""))).isTrue();
        assertThat(test("s == 'a\\\\b'", Map.of("s", "a\\b"))).isTrue();
        assertThat(test("s == \"it's\"", Map.of("s", "it's"))).isTrue();
        assertThat(test("s == ''", Map.of("s", ""))).isTrue();
    }

    @Test
    void comparison_ofBooleans_isByEqualityOnly() {
        assertThat(test("door == true", Map.of("door", true))).isTrue();
        assertThat(test("door != false", Map.of("door", true))).isTrue();
        assertThat(test("door == false", Map.of("door", true))).isFalse();
        assertThat(test("door > false", Map.of("door", true))).isFalse();
        assertThat(test("door <= true", Map.of("door", true))).isFalse();
    }

    @Test
    void comparison_ofTrueOrFalseText_countsAsBoolean() {
        assertThat(test("door == true", Map.of("door", "true"))).isTrue();
        assertThat(test("door == true", Map.of("door", " TRUE "))).isTrue();
        assertThat(test("door == false", Map.of("door", "false"))).isTrue();
        assertThat(test("door == true", Map.of("door", "yes"))).isFalse();
        assertThat(test("door != true", Map.of("door", "yes"))).isFalse();
    }

    @Test
    void comparison_ofIncompatibleKinds_isFalse_evenForNotEquals() {
        assertThat(test("x == 5", Map.of("x", "five"))).isFalse();
        assertThat(test("x != 5", Map.of("x", "five"))).isFalse();
        assertThat(test("x < 5", Map.of("x", "five"))).isFalse();
        assertThat(test("x == true", Map.of("x", 1))).isFalse();
        assertThat(test("x != true", Map.of("x", 1))).isFalse();
        assertThat(test("x == 1", Map.of("x", true))).isFalse();
        assertThat(test("x == 'true'", Map.of("x", true))).isFalse();
        assertThat(test("x == 5", Map.of("x", List.of(5)))).isFalse();
        assertThat(test("x != 5", Map.of("x", Map.of()))).isFalse();
        assertThat(test("x == 'a'", Map.of("x", new Object()))).isFalse();
        assertThat(test("(a > 1) > 0", Map.of("a", 2))).isFalse();
    }

    @Test
    void comparison_ofConditions_comparesTheirTruth() {
        assertThat(test("(a > 1) == (b > 1)", Map.of("a", 2, "b", 3))).isTrue();
        assertThat(test("(a > 1) != (b > 1)", Map.of("a", 2, "b", 0))).isTrue();
        assertThat(test("(not a) == true", Map.of("a", false))).isTrue();
    }

    @Test
    void notANumber_andInfinity_compareWithNothing() {
        for (Object odd : List.of(Double.NaN, Double.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY)) {
            assertThat(test("x == x", Map.of("x", odd))).isFalse();
            assertThat(test("x > 0 or x <= 0", Map.of("x", odd))).isFalse();
            assertThat(test("x", Map.of("x", odd))).isFalse();
            assertThat(test("x != null", Map.of("x", odd))).isTrue();
        }
    }

    // ---- missing values and null -------------------------------------------------------------------------------

    @Test
    void missingName_makesEveryComparisonFalse() {
        Map<String, Object> none = Map.of();

        assertThat(test("x == 5", none)).isFalse();
        assertThat(test("x != 5", none)).isFalse();
        assertThat(test("x < 5", none)).isFalse();
        assertThat(test("x == 'a'", none)).isFalse();
        assertThat(test("x != true", none)).isFalse();
        assertThat(test("x == y", none)).isFalse();
        assertThat(test("x", none)).isFalse();
    }

    @Test
    void missingName_isNull() {
        Map<String, Object> nullValue = new HashMap<>();
        nullValue.put("x", null);

        assertThat(test("x == null", Map.of())).isTrue();
        assertThat(test("null == x", Map.of())).isTrue();
        assertThat(test("x != null", Map.of())).isFalse();
        assertThat(test("x == null", nullValue)).isTrue();
        assertThat(test("x != null", nullValue)).isFalse();
        assertThat(test("x == null", Map.of("x", 0))).isFalse();
        assertThat(test("x != null", Map.of("x", ""))).isTrue();
        assertThat(test("null == null", Map.of())).isTrue();
        assertThat(test("null != null", Map.of())).isFalse();
    }

    @Test
    void notOfAnEquality_differsFromNotEquals_whenTheNameIsMissing() {
        assertThat(test("not (x == 5)", Map.of())).isTrue();
        assertThat(test("x != 5", Map.of())).isFalse();
    }

    @Test
    void nullMap_meansEveryNameIsMissing() {
        assertThat(Condition.parse("x == null", "condition").test(null)).isTrue();
        assertThat(Condition.parse("x > 1", "condition").test(null)).isFalse();
    }

    // ---- in ----------------------------------------------------------------------------------------------------

    @Test
    void in_isTrueWhenTheValueEqualsAnItem() {
        assertThat(test("sensor in ('oven-1', 'oven-2')", Map.of("sensor", "oven-2"))).isTrue();
        assertThat(test("sensor in ('oven-1', \"oven-2\")", Map.of("sensor", "oven-3"))).isFalse();
        assertThat(test("line in (1, 2, 3)", Map.of("line", 2L))).isTrue();
        assertThat(test("line in (1, 2, 3)", Map.of("line", "3"))).isTrue();
        assertThat(test("line in (1, 2, 3)", Map.of("line", 4))).isFalse();
        assertThat(test("on in (true)", Map.of("on", "true"))).isTrue();
        assertThat(test("x in ('a', null)", Map.of())).isTrue();
        assertThat(test("x in ('a', 1)", Map.of())).isFalse();
        assertThat(test("x in (-1)", Map.of("x", -1))).isTrue();
    }

    @Test
    void in_isAnOperatorOnlyAfterAValue_soAParameterMayBeCalledIn() {
        Condition condition = Condition.parse("in in (1, 2) and in > 1", "condition");

        assertThat(condition.names()).containsExactly("in");
        assertThat(condition.test(Map.of("in", 2))).isTrue();
        assertThat(condition.test(Map.of("in", 1))).isFalse();
    }

    // ---- logic and precedence ----------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} with a={1}, b={2} -> {3}")
    @CsvSource(delimiter = ';', textBlock = """
            a and b  ; true  ; true  ; true
            a and b  ; true  ; false ; false
            a && b   ; false ; true  ; false
            a or b   ; false ; true  ; true
            a or b   ; false ; false ; false
            a || b   ; true  ; false ; true
            not a    ; true  ; false ; false
            not a    ; false ; false ; true
            !a       ; false ; false ; true
            !!a      ; true  ; false ; true
            not not a; true  ; false ; true
            (a)      ; true  ; false ; true
            """)
    void logic_combinesTruth(String text, boolean a, boolean b, boolean expected) {
        assertThat(test(text, Map.of("a", a, "b", b))).isEqualTo(expected);
    }

    @Test
    void and_bindsTighterThanOr() {
        Map<String, Boolean> values = Map.of("a", true, "b", false, "c", false);

        assertThat(test("a or b and c", values)).isTrue();
        assertThat(test("(a or b) and c", values)).isFalse();
        assertThat(test("b and c or a", values)).isTrue();
        assertThat(test("b and (c or a)", values)).isFalse();
    }

    @Test
    void not_bindsTighterThanAndAndOr() {
        Map<String, Boolean> values = Map.of("a", false, "b", false);

        assertThat(test("not a and b", values)).isFalse();
        assertThat(test("not (a and b)", values)).isTrue();
        assertThat(test("not a or b", values)).isTrue();
        assertThat(test("!a && !b", values)).isTrue();
    }

    @Test
    void comparison_bindsTighterThanAndAndOr() {
        Map<String, Integer> values = Map.of("a", 1, "b", 5, "c", 9);

        assertThat(test("a == 1 or b == 2 and c == 3", values)).isTrue();
        assertThat(test("(a == 1 or b == 2) and c == 3", values)).isFalse();
        assertThat(test("a < b and b < c", values)).isTrue();
        assertThat(test("not (a > b) and c >= 9", values)).isTrue();
        assertThat(test("a == 2 || b == 5 && c == 9", values)).isTrue();
    }

    @Test
    void whitespace_mayBeAnywhere_orNowhere() {
        Map<String, Integer> values = Map.of("a", 1, "b", 5);

        assertThat(test("a>0&&b<=5", values)).isTrue();
        assertThat(test("\n\t( a  >\t0 )\r\n and\n(b==5)  ", values)).isTrue();
        assertThat(test("a>-1", values)).isTrue();
        assertThat(test("!(a>0)||b!=5", values)).isFalse();
    }

    @ParameterizedTest(name = "bare name with {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            true    | true
            false   | false
            1       | true
            0       | false
            -0.5    | true
            0.000   | false
            """)
    void bareName_isTrueForTrueOrANonZeroNumber(String value, boolean expected) {
        Object typed = value.equals("true") || value.equals("false") ? Boolean.valueOf(value) : new BigDecimal(value);

        assertThat(test("x", Map.of("x", typed))).isEqualTo(expected);
        assertThat(test("x", Map.of("x", value))).as("as text").isEqualTo(expected);
    }

    @Test
    void bareName_withOtherText_isFalse() {
        assertThat(test("x", Map.of("x", "yes"))).isFalse();
        assertThat(test("x", Map.of("x", ""))).isFalse();
        assertThat(test("x", Map.of("x", " TRUE"))).isTrue();
        assertThat(test("not x", Map.of("x", "yes"))).isTrue();
    }

    @Test
    void literals_standAloneAsConditions() {
        assertThat(test("true", Map.of())).isTrue();
        assertThat(test("false or 1", Map.of())).isTrue();
        assertThat(test("0 or null or 'true'", Map.of())).isFalse();
    }

    // ---- the object --------------------------------------------------------------------------------------------

    @Test
    void names_areTheParametersRead_inOrder_withoutKeywords() {
        Condition condition = Condition.parse("temperature > 80 and (sensor in ('a') or not alarm) and "
                + "temperature < max_1 and x == null and true", "condition");

        assertThat(condition.names()).containsExactly("temperature", "sensor", "alarm", "max_1", "x");
        assertThatThrownBy(() -> condition.names().add("y")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(Condition.parse("1 == 1", "condition").names()).isEmpty();
    }

    @Test
    void names_areCaseSensitive_andKeywordsAreLowerCaseOnly() {
        assertThat(Condition.parse("True == TRUE or Null", "condition").names())
                .containsExactly("True", "TRUE", "Null");
    }

    @Test
    void text_isTheSource_andEqualityFollowsIt() {
        Condition condition = Condition.parse(" temperature > 80 ", "condition");

        assertThat(condition.text()).isEqualTo(" temperature > 80 ");
        assertThat(condition).hasToString(" temperature > 80 ")
                .isEqualTo(Condition.parse(" temperature > 80 ", "other"))
                .hasSameHashCodeAs(Condition.parse(" temperature > 80 ", "other"))
                .isNotEqualTo(Condition.parse("temperature > 80", "condition"));
    }

    @Test
    void example_fromAnOvenSensor() {
        Condition condition = Condition.parse(
                "temperature > 80 and sensor in ('oven-1', 'oven-2') and not maintenance", "triggers[0].condition");

        assertThat(condition.test(Map.of("temperature", 85.5, "sensor", "oven-2"))).isTrue();
        assertThat(condition.test(Map.of("temperature", "85.5", "sensor", "oven-2", "maintenance", "false"))).isTrue();
        assertThat(condition.test(Map.of("temperature", 85.5, "sensor", "oven-2", "maintenance", true))).isFalse();
        assertThat(condition.test(Map.of("temperature", 79, "sensor", "oven-2"))).isFalse();
        assertThat(condition.test(Map.of("sensor", "oven-2"))).isFalse();
    }

    private static boolean test(String text, Map<String, ?> values) {
        return Condition.parse(text, "condition").test(values);
    }
}
