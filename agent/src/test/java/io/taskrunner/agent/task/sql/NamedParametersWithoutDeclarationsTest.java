package io.taskrunner.agent.task.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NamedParametersWithoutDeclarationsTest {

    @Test
    void parse_replacesEachNamedParameterWithAPlaceholder() {
        NamedParameters parsed = NamedParameters.parse("SELECT * FROM t WHERE a = :a AND (b = :b_2 OR c = :a)");

        assertThat(parsed.sql()).isEqualTo("SELECT * FROM t WHERE a = ? AND (b = ? OR c = ?)");
        assertThat(parsed.names()).isEqualTo(List.of("a", "b_2", "a"));
    }

    @Test
    void parse_leavesQuotedTextAndCommentsAlone() {
        String sql = "SELECT ':a', \"col:b\", `x:c`, 'it''s :d' -- :e\n/* :f */ FROM t WHERE x = :g";

        NamedParameters parsed = NamedParameters.parse(sql);

        assertThat(parsed.sql()).isEqualTo(sql.replace(":g", "?"));
        assertThat(parsed.names()).containsExactly("g");
    }

    @Test
    void parse_leavesCastsSlicesAndDollarQuotesAlone() {
        String sql = "SELECT x::text, arr[1:n], $$ :a $$, $tag$ :b $tag$, $1 FROM t WHERE y = :y::int";

        NamedParameters parsed = NamedParameters.parse(sql);

        assertThat(parsed.sql()).isEqualTo(sql.replace(":y::int", "?::int"));
        assertThat(parsed.names()).containsExactly("y");
    }

    @Test
    void parse_whenNothingIsNamed_keepsTheSql() {
        NamedParameters parsed = NamedParameters.parse("UPDATE t SET a = 1");

        assertThat(parsed.sql()).isEqualTo("UPDATE t SET a = 1");
        assertThat(parsed.names()).isEmpty();
    }

    @Test
    void parse_whenAQuoteIsNeverClosed_treatsTheRestAsQuoted() {
        NamedParameters parsed = NamedParameters.parse("SELECT 'open :a");

        assertThat(parsed.sql()).isEqualTo("SELECT 'open :a");
        assertThat(parsed.names()).isEmpty();
    }
}
