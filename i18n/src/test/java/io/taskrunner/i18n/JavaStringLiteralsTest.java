package io.taskrunner.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.i18n.JavaStringLiterals.Literal;
import org.junit.jupiter.api.Test;

class JavaStringLiteralsTest {

    @Test
    void in_findsLiteralsWithTheirLines_andSkipsCommentsCharsAndTextBlocks() {
        String source = """
                class A {
                    // "nav.fleet" in a line comment
                    /* "nav.runs" in a block comment */
                    char quote = '"';
                    String url = "http://example.com/*not a comment*/";
                    String escaped = "say \\"hi\\"";
                    String block = \"""
                            "nav.settings" in a text block
                            \""";
                    String key = messages.get("run.dialog.title", name);
                }
                """;

        assertThat(JavaStringLiterals.in(source)).containsExactly(
                new Literal("http://example.com/*not a comment*/", 5),
                new Literal("say \\\"hi\\\"", 6),
                new Literal("run.dialog.title", 10));
    }
}
