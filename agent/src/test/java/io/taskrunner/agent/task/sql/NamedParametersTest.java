package io.taskrunner.agent.task.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.agent.task.TaskException;
import java.util.List;
import org.junit.jupiter.api.Test;

class NamedParametersTest {
    private static final List<String> DECLARED = List.of("id", "name", "x", "_under", "n2");

    private static NamedParameters parse(String sql) {
        return NamedParameters.parse(sql, DECLARED);
    }

    @Test
    void parse_replacesEachParameterWithAQuestionMarkInOrder() {
        NamedParameters parsed = parse("SELECT * FROM t WHERE id = :id AND name = :name");

        assertThat(parsed.sql()).isEqualTo("SELECT * FROM t WHERE id = ? AND name = ?");
        assertThat(parsed.names()).containsExactly("id", "name");
    }

    @Test
    void parse_listsAParameterUsedTwiceTwice() {
        NamedParameters parsed = parse("SELECT :x, :id, :x");

        assertThat(parsed.sql()).isEqualTo("SELECT ?, ?, ?");
        assertThat(parsed.names()).containsExactly("x", "id", "x");
    }

    @Test
    void parse_takesNamesWithDigitsAndUnderscores() {
        NamedParameters parsed = parse("VALUES (:_under,:n2)");

        assertThat(parsed.sql()).isEqualTo("VALUES (?,?)");
        assertThat(parsed.names()).containsExactly("_under", "n2");
    }

    @Test
    void parse_endsANameAtTheFirstCharacterThatCannotBePartOfIt() {
        NamedParameters parsed = parse("SELECT (:id)+1, :x||'a', :name;");

        assertThat(parsed.sql()).isEqualTo("SELECT (?)+1, ?||'a', ?;");
    }

    @Test
    void parse_leavesAStatementWithoutParametersUnchanged() {
        String sql = "SELECT 1 FROM dual WHERE a = 'b'";

        NamedParameters parsed = parse(sql);

        assertThat(parsed.sql()).isEqualTo(sql);
        assertThat(parsed.names()).isEmpty();
    }

    @Test
    void parse_skipsParametersInsideStringLiterals() {
        NamedParameters parsed = parse("SELECT ':id', 'it''s :name', :x");

        assertThat(parsed.sql()).isEqualTo("SELECT ':id', 'it''s :name', ?");
        assertThat(parsed.names()).containsExactly("x");
    }

    @Test
    void parse_skipsParametersInsideAStringEndingInADoubledQuote() {
        NamedParameters parsed = parse("SELECT 'a:b''', :x");

        assertThat(parsed.sql()).isEqualTo("SELECT 'a:b''', ?");
    }

    @Test
    void parse_skipsParametersInsidePostgresEscapeStrings() {
        NamedParameters parsed = parse("SELECT E'it\\'s :name', e'\\\\', :x");

        assertThat(parsed.sql()).isEqualTo("SELECT E'it\\'s :name', e'\\\\', ?");
        assertThat(parsed.names()).containsExactly("x");
    }

    @Test
    void parse_treatsABackslashAsTextInAPlainString() {
        NamedParameters parsed = parse("SELECT 'C:\\', :x");

        assertThat(parsed.sql()).isEqualTo("SELECT 'C:\\', ?");
        assertThat(parsed.names()).containsExactly("x");
    }

    @Test
    void parse_doesNotTakeAnIdentifierEndingInEAsAnEscapeStringPrefix() {
        NamedParameters parsed = parse("SELECT date'a\\', :x");

        assertThat(parsed.names()).containsExactly("x");
    }

    @Test
    void parse_skipsParametersInsideDoubleQuotedIdentifiers() {
        NamedParameters parsed = parse("SELECT \":id\", \"a\"\":name\" FROM t WHERE c = :x");

        assertThat(parsed.sql()).isEqualTo("SELECT \":id\", \"a\"\":name\" FROM t WHERE c = ?");
        assertThat(parsed.names()).containsExactly("x");
    }

    @Test
    void parse_skipsParametersInsideBacktickIdentifiers() {
        NamedParameters parsed = parse("SELECT `:id` FROM t WHERE c = :x");

        assertThat(parsed.sql()).isEqualTo("SELECT `:id` FROM t WHERE c = ?");
    }

    @Test
    void parse_skipsParametersInsideLineComments() {
        NamedParameters parsed = parse("SELECT 1 -- :id is not here\n, :x -- nor :name");

        assertThat(parsed.sql()).isEqualTo("SELECT 1 -- :id is not here\n, ? -- nor :name");
        assertThat(parsed.names()).containsExactly("x");
    }

    @Test
    void parse_skipsParametersInsideBlockComments() {
        NamedParameters parsed = parse("SELECT /* :id\n :name */ :x /* unterminated :id");

        assertThat(parsed.sql()).isEqualTo("SELECT /* :id\n :name */ ? /* unterminated :id");
        assertThat(parsed.names()).containsExactly("x");
    }

    @Test
    void parse_keepsASingleMinusAndSlashAsOperators() {
        NamedParameters parsed = parse("SELECT :x - :id / :n2");

        assertThat(parsed.sql()).isEqualTo("SELECT ? - ? / ?");
    }

    @Test
    void parse_leavesPostgresCastsAlone() {
        NamedParameters parsed = parse("SELECT :x::int, '1'::text, a::varchar(3) FROM t");

        assertThat(parsed.sql()).isEqualTo("SELECT ?::int, '1'::text, a::varchar(3) FROM t");
        assertThat(parsed.names()).containsExactly("x");
    }

    @Test
    void parse_leavesAssignmentsAndLoneColonsAlone() {
        NamedParameters parsed = parse("SET @a := 1; SELECT '10' || : || :x, arr[1:2]");

        assertThat(parsed.sql()).isEqualTo("SET @a := 1; SELECT '10' || : || ?, arr[1:2]");
        assertThat(parsed.names()).containsExactly("x");
    }

    @Test
    void parse_skipsParametersInsideDollarQuotedStrings() {
        String body = "CREATE FUNCTION f() RETURNS int AS $$ SELECT :id $$ LANGUAGE sql";

        NamedParameters parsed = parse(body + "; SELECT :x");

        assertThat(parsed.sql()).isEqualTo(body + "; SELECT ?");
        assertThat(parsed.names()).containsExactly("x");
    }

    @Test
    void parse_skipsParametersInsideTaggedDollarQuotes() {
        NamedParameters parsed = parse("SELECT $fn$ :id $$ :name $fn$, :x, $a$:id$a$");

        assertThat(parsed.sql()).isEqualTo("SELECT $fn$ :id $$ :name $fn$, ?, $a$:id$a$");
        assertThat(parsed.names()).containsExactly("x");
    }

    @Test
    void parse_doesNotTakePositionalParametersOrDollarsInIdentifiersAsQuotes() {
        NamedParameters parsed = parse("SELECT $1, a$b$, :x, price$ FROM t$ WHERE c = :id");

        assertThat(parsed.sql()).isEqualTo("SELECT $1, a$b$, ?, price$ FROM t$ WHERE c = ?");
        assertThat(parsed.names()).containsExactly("x", "id");
    }

    @Test
    void parse_treatsAnUnterminatedQuoteAsRunningToTheEnd() {
        NamedParameters parsed = parse("SELECT :x, 'open :id");

        assertThat(parsed.sql()).isEqualTo("SELECT ?, 'open :id");
        assertThat(parsed.names()).containsExactly("x");
    }

    @Test
    void parse_treatsAnEscapeStringEndingInABackslashAsRunningToTheEnd() {
        NamedParameters parsed = parse("SELECT :x, E'\\");

        assertThat(parsed.sql()).isEqualTo("SELECT ?, E'\\");
    }

    @Test
    void parse_whenANameIsNotDeclared_failsNamingItAndTheDeclaredOnes() {
        assertThatThrownBy(() -> parse("SELECT :idx"))
                .isInstanceOf(TaskException.class)
                .hasMessageContaining(":idx")
                .hasMessageContaining("[id, name, x, _under, n2]");
    }

    @Test
    void parse_whenTheTaskDeclaresNoParameters_saysSo() {
        assertThatThrownBy(() -> NamedParameters.parse("SELECT :id", List.of()))
                .isInstanceOf(TaskException.class)
                .hasMessageContaining("declares none");
    }

    @Test
    void parse_matchesNamesCaseSensitively() {
        assertThatThrownBy(() -> parse("SELECT :ID")).isInstanceOf(TaskException.class).hasMessageContaining(":ID");
    }

    @Test
    void parse_leavesQuestionMarksInsideLiteralsForTheDriver() {
        NamedParameters parsed = parse("SELECT '?', :x");

        assertThat(parsed.sql()).isEqualTo("SELECT '?', ?");
    }
}
