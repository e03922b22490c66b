package io.taskrunner.protocol.definition;

import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.field.ByteEscapes;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Checks shared by the serial task types: charsets, delimiters and frame patterns. */
final class SerialFraming {
    static final int MAX_FRAME = 64 * 1024;

    private SerialFraming() {
    }

    static Charset charset(String name, String field) {
        if (name == null || name.isBlank()) {
            return java.nio.charset.StandardCharsets.US_ASCII;
        }
        try {
            return Charset.forName(name.strip());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new ProtocolException(field, "unknown character set '" + name + "'", e);
        }
    }

    static String delimiter(String delimiter, String charset, String field) {
        if (delimiter == null || delimiter.isEmpty()) {
            return null;
        }
        Check.maxLength(delimiter, 64, field);
        if (ByteEscapes.decode(delimiter, charset(charset, "charset"), field).length == 0) {
            throw new ProtocolException(field, "stands for no bytes");
        }
        return delimiter;
    }

    static String pattern(String pattern, String field) {
        if (pattern == null || pattern.isEmpty()) {
            return null;
        }
        Check.maxLength(pattern, 1000, field);
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new ProtocolException(field, "is not a valid regular expression: " + e.getDescription()
                    + " at " + e.getIndex(), e);
        }
        return pattern;
    }

    static void oneFrameEnd(String delimiter, int length, String delimiterField, String lengthField) {
        Check.range(length, 0, MAX_FRAME, lengthField);
        if (delimiter != null && length != 0) {
            throw new ProtocolException(lengthField, "a frame ends at " + delimiterField + " or after "
                    + lengthField + " bytes, not both");
        }
    }
}
