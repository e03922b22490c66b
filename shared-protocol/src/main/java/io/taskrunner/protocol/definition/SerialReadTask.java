package io.taskrunner.protocol.definition;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.definition.field.SerialPortSettings;
import java.nio.charset.Charset;

/**
 * Reads one frame from a serial device, e.g. a scale's {@code ST,GS,+0012.34kg}. A frame ends at {@code delimiter}
 * (escapes such as {@code \r\n} and {@code \x03} allowed), after {@code length} bytes, or, with neither, when the
 * line has been quiet for {@code idleMillis}. Input waiting before the run started is discarded, so the frame is a
 * fresh one. With a {@code pattern}, frames that do not match are skipped (a scale sends unstable {@code US} frames
 * and the partial frame it was in the middle of) until one matches or {@code timeoutMillis} passes; the pattern's
 * named groups ({@code (?<weight>[-+0-9.]+)}) become the result's values, numbers where the text is a number.
 *
 * @param timeoutMillis how long to wait for a (matching) frame; 0: 5000
 * @param idleMillis    quiet time that ends a frame when neither delimiter nor length is set; 0: 100
 * @param charset       how bytes become text; {@code null}: US-ASCII
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record SerialReadTask(
        @JsonProperty(required = true) SerialPortSettings serial,
        String delimiter,
        int length,
        int timeoutMillis,
        int idleMillis,
        String pattern,
        String charset) implements TaskSpec {

    public SerialReadTask {
        Check.required(serial, "serial");
        SerialFraming.charset(charset, "charset");
        delimiter = SerialFraming.delimiter(delimiter, charset, "delimiter");
        SerialFraming.oneFrameEnd(delimiter, length, "delimiter", "length");
        timeoutMillis = timeoutMillis == 0 ? 5000 : timeoutMillis;
        Check.range(timeoutMillis, 10, 600_000, "timeoutMillis");
        idleMillis = idleMillis == 0 ? 100 : idleMillis;
        Check.range(idleMillis, 1, 60_000, "idleMillis");
        pattern = SerialFraming.pattern(pattern, "pattern");
    }

    /** The character set frames are decoded with. */
    @JsonIgnore
    public Charset frameCharset() {
        return SerialFraming.charset(charset, "charset");
    }

    @Override
    @JsonIgnore
    public TaskType type() {
        return TaskType.SERIAL_READ;
    }
}
