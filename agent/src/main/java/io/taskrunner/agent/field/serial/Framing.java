package io.taskrunner.agent.field.serial;

import io.taskrunner.protocol.definition.SerialReadTask;
import io.taskrunner.protocol.definition.SerialWriteTask;
import io.taskrunner.protocol.definition.field.ByteEscapes;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Where frames end and which count, from a {@code serial-read} spec or a {@code serial-write} spec's answer
 * settings. Without delimiter and length a frame ends after {@code idleMillis} of quiet.
 *
 * @param delimiter {@code null} or the bytes that end a frame
 * @param length    0 or the fixed frame length in bytes
 * @param pattern   {@code null}: every frame counts
 * @param what      what messages call the frame: {@code frame}, {@code answer}
 */
record Framing(byte[] delimiter, int length, int idleMillis, int timeoutMillis, Pattern pattern, Charset charset,
        String what) {
    /** The longest frame accepted, as the wire contract allows. */
    static final int MAX_FRAME = 64 * 1024;

    static Framing of(SerialReadTask spec) {
        Charset charset = spec.frameCharset();
        Pattern pattern = spec.pattern() == null ? null : Pattern.compile(spec.pattern());
        return new Framing(delimiter(spec.delimiter(), charset, "delimiter"), spec.length(), spec.idleMillis(),
                spec.timeoutMillis(), pattern, charset, "frame");
    }

    /** The answer's framing; every frame counts, whether it matches {@code expect} is the caller's question. */
    static Framing answerOf(SerialWriteTask spec) {
        Charset charset = spec.frameCharset();
        return new Framing(delimiter(spec.answerDelimiter(), charset, "answerDelimiter"), spec.answerLength(),
                spec.idleMillis(), spec.timeoutMillis(), null, charset, "answer");
    }

    boolean byIdle() {
        return delimiter == null && length == 0;
    }

    /** How frames end, for messages: "frames end at \r\n". */
    String describeEnd() {
        if (delimiter != null) {
            return "frames end at " + SerialFrame.printable(new String(delimiter, StandardCharsets.ISO_8859_1));
        }
        return length > 0 ? "frames are " + length + " bytes" : "frames end after " + idleMillis + " ms of quiet";
    }

    private static byte[] delimiter(String escaped, Charset charset, String field) {
        return escaped == null ? null : ByteEscapes.decode(escaped, charset, field);
    }
}
