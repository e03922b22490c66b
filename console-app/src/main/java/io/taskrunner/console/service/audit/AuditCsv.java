package io.taskrunner.console.service.audit;

import java.io.IOException;
import java.io.Writer;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Writes audit rows as RFC 4180 CSV: CRLF line ends, a header row, fields quoted when they need it. */
final class AuditCsv {
    private static final String CRLF = "\r\n";

    private AuditCsv() {
    }

    static void write(Writer out, Iterable<AuditEntry> entries) throws IOException {
        line(out, List.of("id", "at", "actor", "action", "target", "details", "outcome"));
        for (AuditEntry entry : entries) {
            line(out, List.of(Long.toString(entry.id()), DateTimeFormatter.ISO_INSTANT.format(entry.at()),
                    entry.actor(), entry.action(), entry.target(), entry.details(), entry.outcome()));
        }
        out.flush();
    }

    /** A field with a comma, quote, CR or LF is enclosed in quotes, its quotes doubled. */
    static String field(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    private static void line(Writer out, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(field(fields.get(i)));
        }
        out.write(CRLF);
    }
}
