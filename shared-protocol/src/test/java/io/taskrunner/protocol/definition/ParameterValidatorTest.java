package io.taskrunner.protocol.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.codec.MessageCodec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParameterValidatorTest {
    private static final TaskSpec SPEC = new CommandTask("echo", List.of("${name}"));

    // ---- string ------------------------------------------------------------------------------------------------

    @Test
    void string_isKeptAsGiven_andNumbersAndBooleansBecomeTheirText() {
        TaskDefinition task = task(ParameterSpec.of("s", ParameterType.STRING, true));

        assertThat(validate(task, Map.of("s", " hello ")).get("s")).contains(" hello ");
        assertThat(validate(task, Map.of("s", 5)).get("s")).contains("5");
        assertThat(validate(task, Map.of("s", 2.50)).get("s")).contains("2.5");
        assertThat(validate(task, Map.of("s", true)).get("s")).contains("true");
    }

    @Test
    void string_withMinAndMax_checksTheLength() {
        TaskDefinition task = task(new ParameterSpec("code", ParameterType.STRING, null, true, null, null, 2.0, 4.0,
                null, false));

        assertThat(validate(task, Map.of("code", "ab")).get("code")).contains("ab");
        assertThat(validate(task, Map.of("code", "abcd")).get("code")).contains("abcd");
        assertRefused(task, Map.of("code", "a"), "code", "must be at least 2 characters long");
        assertRefused(task, Map.of("code", "abcde"), "code", "must be at most 4 characters long");
    }

    @Test
    void string_withPattern_mustMatchAsAWhole() {
        TaskDefinition task = task(new ParameterSpec("batch", ParameterType.STRING, null, true, null, "B-[0-9]+",
                null, null, null, false));

        assertThat(validate(task, Map.of("batch", "B-17")).get("batch")).contains("B-17");
        ProtocolException e = assertRefused(task, Map.of("batch", "xB-17"), "batch", "does not match the pattern");
        assertThat(e.reason()).contains("B-[0-9]+").contains("\"xB-17\"");
    }

    @Test
    void string_withNulCharacter_isRefused() {
        TaskDefinition task = task(ParameterSpec.of("s", ParameterType.STRING, true));

        assertRefused(task, Map.of("s", "a\0b"), "s", "must not contain a NUL character");
    }

    @Test
    void string_longerThanTheTextLimit_isRefused() {
        TaskDefinition task = task(ParameterSpec.of("s", ParameterType.STRING, true));

        assertThat(validate(task, Map.of("s", "x".repeat(ParameterValidator.MAX_TEXT_CHARS))).has("s")).isTrue();
        assertRefused(task, Map.of("s", "x".repeat(ParameterValidator.MAX_TEXT_CHARS + 1)), "s",
                "is longer than 32768 characters");
    }

    // ---- int ---------------------------------------------------------------------------------------------------

    @Test
    void int_acceptsNumbersAndNumericText_asLong() {
        TaskDefinition task = task(ParameterSpec.of("n", ParameterType.INT, true));

        assertThat(validate(task, Map.of("n", "5")).get("n")).contains(5L);
        assertThat(validate(task, Map.of("n", " 42 ")).get("n")).contains(42L);
        assertThat(validate(task, Map.of("n", 7)).get("n")).contains(7L);
        assertThat(validate(task, Map.of("n", 7.0)).get("n")).as("a whole double").contains(7L);
        assertThat(validate(task, Map.of("n", new BigInteger("-9"))).get("n")).contains(-9L);
        assertThat(validate(task, Map.of("n", "5.0")).get("n")).contains(5L);
        assertThat(validate(task, Map.of("n", Long.MAX_VALUE)).get("n")).contains(Long.MAX_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"5.5", "abc", "", "0x10", "9223372036854775808", "1e400", "NaN"})
    void int_refusesWhatIsNotAWholeNumberInRange(String text) {
        TaskDefinition task = task(ParameterSpec.of("n", ParameterType.INT, true));

        assertRefused(task, Map.of("n", text), "n", "must be a whole number, was \"" + text + "\"");
    }

    @Test
    void int_refusesBooleansAndFractions() {
        TaskDefinition task = task(ParameterSpec.of("n", ParameterType.INT, true));

        assertRefused(task, Map.of("n", true), "n", "must be a whole number, was true");
        assertRefused(task, Map.of("n", 2.5), "n", "must be a whole number, was 2.5");
        assertRefused(task, Map.of("n", Double.NaN), "n", "must be a whole number");
    }

    @Test
    @Timeout(5)
    void int_withAHugeExponent_isRefusedAtOnce_notExpandedDigitByDigit() {
        TaskDefinition task = task(ParameterSpec.of("n", ParameterType.INT, true));

        // each of these cost seconds to minutes of CPU when the exponent was expanded into a BigInteger
        assertRefused(task, Map.of("n", "1e9999999"), "n", "must be a whole number");
        assertRefused(task, Map.of("n", "1e99999999"), "n", "must be a whole number");
        assertRefused(task, Map.of("n", "1e-99999999"), "n", "must be a whole number");
        assertRefused(task, Map.of("n", new BigDecimal("1e99999999")), "n", "must be a whole number");
    }

    @Test
    void int_withMinAndMax_checksTheValue() {
        TaskDefinition task = task(new ParameterSpec("count", ParameterType.INT, null, true, null, null, 1.0, 10.0,
                null, false));

        assertThat(validate(task, Map.of("count", "1")).get("count")).contains(1L);
        assertThat(validate(task, Map.of("count", 10)).get("count")).contains(10L);
        assertRefused(task, Map.of("count", 0), "count", "must be at least 1, was 0");
        assertRefused(task, Map.of("count", "11"), "count", "must be at most 10, was 11");
    }

    // ---- number ------------------------------------------------------------------------------------------------

    @Test
    void number_acceptsNumbersAndNumericText_asDouble() {
        TaskDefinition task = task(ParameterSpec.of("x", ParameterType.NUMBER, true));

        assertThat(validate(task, Map.of("x", "2.5")).get("x")).contains(2.5);
        assertThat(validate(task, Map.of("x", 3)).get("x")).contains(3.0);
        assertThat(validate(task, Map.of("x", "-1e3")).get("x")).contains(-1000.0);
        assertThat(validate(task, Map.of("x", new BigDecimal("0.125"))).get("x")).contains(0.125);
        assertThat(validate(task, Map.of("x", 12.5)).text("x")).contains("12.5");
        assertThat(validate(task, Map.of("x", 3)).text("x")).as("whole numbers without a decimal point")
                .contains("3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "NaN", "Infinity", "1e400", "", "1,5"})
    void number_refusesWhatIsNotAFiniteNumber(String text) {
        TaskDefinition task = task(ParameterSpec.of("x", ParameterType.NUMBER, true));

        assertRefused(task, Map.of("x", text), "x", "must be a number, was \"" + text + "\"");
    }

    @Test
    void number_refusesNonFiniteDoublesAndBooleans() {
        TaskDefinition task = task(ParameterSpec.of("x", ParameterType.NUMBER, true));

        assertRefused(task, Map.of("x", Double.POSITIVE_INFINITY), "x", "must be a number");
        assertRefused(task, Map.of("x", Double.NaN), "x", "must be a number");
        assertRefused(task, Map.of("x", false), "x", "must be a number, was false");
    }

    @Test
    void number_withMinAndMax_checksTheValue() {
        TaskDefinition task = task(new ParameterSpec("weight", ParameterType.NUMBER, null, true, null, null, 0.5,
                99.5, null, false));

        assertThat(validate(task, Map.of("weight", 0.5)).get("weight")).contains(0.5);
        assertRefused(task, Map.of("weight", "0.4"), "weight", "must be at least 0.5, was 0.4");
        assertRefused(task, Map.of("weight", 100), "weight", "must be at most 99.5, was 100");
    }

    // ---- bool --------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"true", "TRUE", "1", "yes", "on", " True "})
    void bool_acceptsTrueWords(String text) {
        TaskDefinition task = task(ParameterSpec.of("b", ParameterType.BOOL, true));

        assertThat(validate(task, Map.of("b", text)).get("b")).contains(true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "0", "no", "off", "FALSE"})
    void bool_acceptsFalseWords(String text) {
        TaskDefinition task = task(ParameterSpec.of("b", ParameterType.BOOL, true));

        assertThat(validate(task, Map.of("b", text)).get("b")).contains(false);
    }

    @Test
    void bool_acceptsBooleansAndTheNumbersZeroAndOne() {
        TaskDefinition task = task(ParameterSpec.of("b", ParameterType.BOOL, true));

        assertThat(validate(task, Map.of("b", true)).get("b")).contains(true);
        assertThat(validate(task, Map.of("b", 1)).get("b")).contains(true);
        assertThat(validate(task, Map.of("b", 0)).get("b")).contains(false);
        assertRefused(task, Map.of("b", 2), "b", "must be true or false, was 2");
        assertRefused(task, Map.of("b", "maybe"), "b", "must be true or false, was \"maybe\"");
    }

    // ---- enum --------------------------------------------------------------------------------------------------

    @Test
    void enum_acceptsOnlyItsValues_exactly() {
        TaskDefinition task = task(new ParameterSpec("mode", ParameterType.ENUM, null, true, null, null, null, null,
                List.of("fast", "safe", "5"), false));

        assertThat(validate(task, Map.of("mode", "safe")).get("mode")).contains("safe");
        assertThat(validate(task, Map.of("mode", 5)).get("mode")).as("a number naming a value").contains("5");
        ProtocolException e = assertRefused(task, Map.of("mode", "Fast"), "mode", "must be one of");
        assertThat(e.reason()).isEqualTo("must be one of [fast, safe, 5], was \"Fast\"");
    }

    @Test
    void enum_withoutValues_cannotBeDeclared() {
        assertThatThrownBy(() -> ParameterSpec.of("mode", ParameterType.ENUM, true))
                .isInstanceOf(ProtocolException.class)
                .hasFieldOrPropertyWithValue("field", "values")
                .hasMessageContaining("needs its allowed values");
    }

    // ---- file --------------------------------------------------------------------------------------------------

    @Test
    void file_isText_thatMustNameSomething() {
        TaskDefinition task = task(new ParameterSpec("input", ParameterType.FILE, null, true, null, ".*\\.csv",
                null, null, null, false));

        assertThat(validate(task, Map.of("input", "/data/in.csv")).get("input")).contains("/data/in.csv");
        assertRefused(task, Map.of("input", "  "), "input", "must name a file");
        assertRefused(task, Map.of("input", "/data/in.txt"), "input", "does not match the pattern");
        assertRefused(task, Map.of("input", "/data/\0.csv"), "input", "must not contain a NUL character");
    }

    // ---- required, default, unknown ----------------------------------------------------------------------------

    @Test
    void required_whenAbsentOrNull_isRefusedNamingTheTask() {
        TaskDefinition task = task(ParameterSpec.of("who", ParameterType.STRING, true));
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("who", null);

        assertRefused(task, Map.of(), "who", "is required by task 'greet'");
        assertRefused(task, withNull, "who", "is required by task 'greet'");
        assertRefused(task, null, "who", "is required by task 'greet'");
    }

    @Test
    void optional_whenAbsent_isAbsentFromTheValues() {
        TaskDefinition task = task(ParameterSpec.of("who", ParameterType.STRING, false));

        ParameterValues values = validate(task, Map.of());

        assertThat(values.has("who")).isFalse();
        assertThat(values.asMap()).isEmpty();
        assertThat(values.asEnvironment()).isEmpty();
    }

    @Test
    void default_fillsInAnAbsentValue_andIsCoercedToTheDeclaredType() {
        TaskDefinition task = task(
                new ParameterSpec("count", ParameterType.INT, null, true, "3", null, null, null, null, false),
                new ParameterSpec("verbose", ParameterType.BOOL, null, false, "yes", null, null, null, null, false));

        ParameterValues values = validate(task, Map.of());

        assertThat(values.asMap()).containsExactly(Map.entry("count", 3L), Map.entry("verbose", true));
        assertThat(validate(task, Map.of("count", 9)).get("count")).as("a given value wins").contains(9L);
    }

    @Test
    void default_thatBreaksItsOwnDeclaration_isRefusedWhenDeclared() {
        assertThatThrownBy(() -> new ParameterSpec("count", ParameterType.INT, null, false, "many", null, null, null,
                null, false))
                .isInstanceOf(ProtocolException.class)
                .hasFieldOrPropertyWithValue("field", "default")
                .hasMessageContaining("must be a whole number");
        assertThatThrownBy(() -> new ParameterSpec("count", ParameterType.INT, null, false, 20, null, 1.0, 10.0, null,
                false))
                .isInstanceOf(ProtocolException.class)
                .hasFieldOrPropertyWithValue("field", "default")
                .hasMessageContaining("must be at most 10, was 20");
    }

    @Test
    void unknownParameter_isRefused_listingTheDeclaredOnes() {
        TaskDefinition task = task(ParameterSpec.of("who", ParameterType.STRING, false));
        TaskDefinition none = task();

        ProtocolException e = assertRefused(task, Map.of("whom", "x"), "whom", "is not a parameter of task 'greet'");
        assertThat(e.reason()).contains("[who]");
        assertThat(assertRefused(none, Map.of("x", 1), "x", "is not a parameter").reason())
                .contains("it declares none");
    }

    // ---- values that are not single values ---------------------------------------------------------------------

    @Test
    void objectsAndLists_areRefusedForEveryType() {
        for (ParameterType type : ParameterType.values()) {
            List<String> values = type == ParameterType.ENUM ? List.of("a") : null;
            TaskDefinition task = task(new ParameterSpec("p", type, null, true, null, null, null, null, values,
                    false));

            assertRefused(task, Map.of("p", Map.of("a", 1)), "p", "must be a single " + type.wire()
                    + " value, was an object");
            assertRefused(task, Map.of("p", List.of(1, 2)), "p", "must be a single " + type.wire()
                    + " value, was a list");
        }
    }

    @Test
    void jsonValues_fromADevice_areUnwrapped_andJsonObjectsAndArraysAreRefused() {
        MessageCodec codec = new MessageCodec();
        TaskDefinition task = task(ParameterSpec.of("n", ParameterType.INT, true),
                ParameterSpec.of("s", ParameterType.STRING, false),
                ParameterSpec.of("b", ParameterType.BOOL, false),
                ParameterSpec.of("x", ParameterType.NUMBER, false));

        ParameterValues values = ParameterValidator.validate(task, json(codec,
                "{\"n\":\"5\",\"s\":\"hi\",\"b\":true,\"x\":1.25}"));

        assertThat(values.asMap()).containsExactly(Map.entry("n", 5L), Map.entry("s", "hi"), Map.entry("b", true),
                Map.entry("x", 1.25));
        assertThat(ParameterValidator.validate(task, json(codec, "{\"n\":7,\"s\":null}")).asMap())
                .as("JSON null counts as absent").containsExactly(Map.entry("n", 7L));
        assertRefused(task, json(codec, "{\"n\":{\"a\":1}}"), "n", "was an object");
        assertRefused(task, json(codec, "{\"n\":[1]}"), "n", "was a list");
    }

    @Test
    void jsonNumbers_outOfTheDoubleRange_areRefusedNamingTheParameter() {
        MessageCodec codec = new MessageCodec();
        TaskDefinition task = task(ParameterSpec.of("n", ParameterType.INT, false),
                ParameterSpec.of("x", ParameterType.NUMBER, false));

        assertRefused(task, json(codec, "{\"x\":1e999}"), "x", "must be a number");
        assertRefused(task, json(codec, "{\"n\":1e999}"), "n", "must be a whole number");
        assertRefused(task, json(codec, "{\"n\":123456789012345678901234567890}"), "n", "must be a whole number");
    }

    // ---- secrets and values ------------------------------------------------------------------------------------

    @Test
    void secretValues_areMaskedInMaskedAndToString_butKeptForTheRun() {
        TaskDefinition task = task(ParameterSpec.of("user", ParameterType.STRING, true),
                new ParameterSpec("password", ParameterType.STRING, null, true, null, null, null, null, null, true));

        ParameterValues values = validate(task, Map.of("user", "op", "password", "s3cret"));

        assertThat(values.masked()).containsExactly(Map.entry("user", "op"), Map.entry("password", "***"));
        assertThat(values.toString()).doesNotContain("s3cret");
        assertThat(values.isSecret("password")).isTrue();
        assertThat(values.isSecret("user")).isFalse();
        assertThat(values.text("password")).contains("s3cret");
        assertThat(values.asEnvironment()).containsEntry("PARAM_password", "s3cret");
    }

    @Test
    void values_followTheDeclarationOrder_notTheOrderGiven() {
        TaskDefinition task = task(ParameterSpec.of("a", ParameterType.INT, true),
                ParameterSpec.of("b", ParameterType.INT, true));
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("b", 2);
        given.put("a", 1);

        assertThat(validate(task, given).asMap().keySet()).containsExactly("a", "b");
    }

    @Test
    void everyError_namesTheParameterUnderParameters() {
        TaskDefinition task = task(ParameterSpec.of("n", ParameterType.INT, true));

        ProtocolException e = catchThrowableOfType(ProtocolException.class,
                () -> ParameterValidator.validate(task, Map.of("n", "x")));

        assertThat(e.field()).isEqualTo("parameters.n");
        assertThat(e.getMessage()).isEqualTo("parameters.n: must be a whole number, was \"x\"");
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static TaskDefinition task(ParameterSpec... parameters) {
        return TaskDefinition.of("greet", SPEC).withParameters(List.of(parameters));
    }

    private static ParameterValues validate(TaskDefinition task, Map<String, ?> given) {
        return ParameterValidator.validate(task, given);
    }

    private static ProtocolException assertRefused(TaskDefinition task, Map<String, ?> given, String parameter,
            String reason) {
        ProtocolException e = catchThrowableOfType(ProtocolException.class,
                () -> ParameterValidator.validate(task, given));
        assertThat(e).as("%s must be refused", given).isNotNull();
        assertThat(e.field()).isEqualTo("parameters." + parameter);
        assertThat(e.reason()).contains(reason);
        return e;
    }

    private static Map<String, JsonNode> json(MessageCodec codec, String text) {
        return codec.decodeParameters(text.getBytes(StandardCharsets.UTF_8));
    }
}
