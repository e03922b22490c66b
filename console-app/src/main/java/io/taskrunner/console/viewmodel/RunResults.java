package io.taskrunner.console.viewmodel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * A run's structured result (SQL rows, an HTTP response, a script's {@code result}) as the console shows it:
 * JSON indented by two spaces, one value per line, text in any script left as it is.
 */
final class RunResults {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectWriter PRETTY;

    static {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator(""));
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        PRETTY = JSON.writer(printer);
    }

    private RunResults() {
    }

    /** The result indented; empty for none; stored text that is not JSON is shown as it is. */
    static String pretty(String json) {
        if (json == null || json.isBlank()) {
            return "";
        }
        try {
            return PRETTY.writeValueAsString(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            return json;
        }
    }
}
