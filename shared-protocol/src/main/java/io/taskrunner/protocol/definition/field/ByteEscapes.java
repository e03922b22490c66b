package io.taskrunner.protocol.definition.field;

import io.taskrunner.protocol.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;

/**
 * Text with escapes for bytes a form cannot type: {@code \r \n \t \0 \\} and {@code \xHH}. Devices speak in such
 * bytes (a scale ends its frame with CR LF, a printer wants ESC).
 */
public final class ByteEscapes {
    private ByteEscapes() {
    }

    /**
     * The bytes {@code text} stands for, characters other than escapes encoded in {@code charset}.
     *
     * @throws ProtocolException naming {@code field} and the position of a bad escape
     */
    public static byte[] decode(String text, Charset charset, String field) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        StringBuilder plain = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                plain.append(c);
                continue;
            }
            bytes.writeBytes(plain.toString().getBytes(charset));
            plain.setLength(0);
            if (i + 1 >= text.length()) {
                throw new ProtocolException(field, "ends with a lone \\ (write \\\\ for a backslash)");
            }
            char next = text.charAt(++i);
            switch (next) {
                case 'r' -> bytes.write('\r');
                case 'n' -> bytes.write('\n');
                case 't' -> bytes.write('\t');
                case '0' -> bytes.write(0);
                case '\\' -> bytes.write('\\');
                case 'x' -> {
                    if (i + 2 >= text.length()) {
                        throw new ProtocolException(field, "at " + i + ": \\x needs two hex digits");
                    }
                    int high = Character.digit(text.charAt(i + 1), 16);
                    int low = Character.digit(text.charAt(i + 2), 16);
                    if (high < 0 || low < 0) {
                        throw new ProtocolException(field, "at " + i + ": \\x needs two hex digits");
                    }
                    bytes.write(high * 16 + low);
                    i += 2;
                }
                default -> throw new ProtocolException(field, "at " + i + ": unknown escape \\" + next
                        + "; known: \\r \\n \\t \\0 \\\\ \\xHH");
            }
        }
        bytes.writeBytes(plain.toString().getBytes(charset));
        return bytes.toByteArray();
    }
}
