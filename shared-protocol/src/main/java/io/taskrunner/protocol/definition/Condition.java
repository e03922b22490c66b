package io.taskrunner.protocol.definition;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The condition of an MQTT trigger rule, e.g. {@code temperature > 80 and sensor in ('oven-1', 'oven-2')}, over the
 * parameter values the rule maps from a payload. The console parses it when a rule is saved and the agent tests it
 * for every message, so both run this code; it is a small hand-written language with hard limits on length,
 * tokens and nesting, never a script engine.
 *
 * <p>Language: number, string ({@code '..'} or {@code ".."}; escapes {@code \\ \' \"}), {@code true}, {@code false}
 * and {@code null} literals; parameter names; {@code == != < <= > >=}; {@code x in (literal, ...)}; {@code and &&},
 * {@code or ||}, {@code not !}; parentheses. Precedence: not, then comparison, then and, then or. Because
 * {@code not} binds tighter than a comparison, {@code not x > 5} is refused: write {@code not (x > 5)}.
 *
 * <p>Meaning: numbers compare numerically, texts lexically, booleans only by {@code ==} and {@code !=}. A String
 * value (not a quoted literal) that reads as a number or as true/false also counts as one. Comparing different
 * kinds, or a missing value, is false, even with {@code !=}; only {@code x == null} and {@code x != null} ask
 * whether {@code x} is missing. So {@code x != 5} and {@code not (x == 5)} differ when {@code x} is missing. A bare
 * value holds when it is true, "true", or a number other than zero.
 *
 * <p>Immutable and safe to share between threads.
 */
public final class Condition {
    static final int MAX_CHARS = 1000;

    private final String text;
    private final ConditionNode root;
    private final Set<String> names;

    private Condition(String text, ConditionNode root, Set<String> names) {
        this.text = text;
        this.root = root;
        this.names = names;
    }

    /**
     * Parses {@code text}.
     *
     * @param field names the condition in errors, e.g. {@code triggers[2].condition}; may be {@code null}
     * @throws ProtocolException naming the field, the 1-based position and what was expected there, e.g.
     *                           {@code condition: at 14: expected a value after '>'}
     */
    public static Condition parse(String text, String field) {
        Check.notBlank(text, field);
        // before tokenizing, so a megabyte of input costs no more than a short one
        Check.maxLength(text, MAX_CHARS, field);
        List<ConditionToken> tokens = ConditionTokenizer.tokenize(text, field);
        ConditionParser.Parsed parsed = ConditionParser.parse(tokens, field);
        return new Condition(text, parsed.root(), parsed.names());
    }

    /** The source text, as given to {@link #parse}. */
    /** How a definition carries it in JSON: the text, parsed when read. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Condition fromJson(String text) {
        return parse(text, "condition");
    }

    @JsonValue
    public String text() {
        return text;
    }

    /** The parameter names the condition reads, in order of first appearance; unmodifiable. */
    public Set<String> names() {
        return names;
    }

    /**
     * Whether the condition holds for {@code values}: String, Boolean or Number values; a missing name, a
     * {@code null} value and a {@code null} map all mean missing. Never throws for odd values (lists, NaN, a
     * megabyte of text): they simply compare as false.
     */
    public boolean test(Map<String, ?> values) {
        return ConditionEvaluator.test(root, values == null ? Map.of() : values);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Condition condition && condition.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
