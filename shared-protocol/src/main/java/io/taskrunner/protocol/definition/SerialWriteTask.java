package io.taskrunner.protocol.definition;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.field.ByteEscapes;
import io.taskrunner.protocol.definition.field.SerialPortSettings;
import java.nio.charset.Charset;
import java.util.HexFormat;

/**
 * Sends bytes to a serial device and, with {@code expect}, waits for its answer. {@code data} is text with escapes
 * ({@code \r}, {@code \xHH}) and {@code ${param}} placeholders, or with {@code hex} hex digits (spaces allowed, no
 * placeholders). A parameter value is sent as text and must not hold control characters, so a value cannot end the
 * command early and smuggle in another one. The answer is framed like {@link SerialReadTask} and must match the
 * {@code expect} regular expression (its named groups become the result's values); otherwise the run fails.
 *
 * @param timeoutMillis how long to wait for the answer; 0: 5000
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record SerialWriteTask(
        @JsonProperty(required = true) SerialPortSettings serial,
        @JsonProperty(required = true) String data,
        boolean hex,
        String expect,
        String answerDelimiter,
        int answerLength,
        int timeoutMillis,
        int idleMillis,
        String charset) implements TaskSpec {

    public SerialWriteTask {
        Check.required(serial, "serial");
        Check.maxLength(Check.required(data, "data"), SerialFraming.MAX_FRAME, "data");
        Charset decoded = SerialFraming.charset(charset, "charset");
        if (hex) {
            try {
                if (HexFormat.of().parseHex(data.replaceAll("\\s+", "")).length == 0) {
                    throw new ProtocolException("data", "holds no bytes");
                }
            } catch (IllegalArgumentException e) {
                throw new ProtocolException("data", "is not hex bytes such as '01 03 00 00': " + e.getMessage(), e);
            }
        } else {
            if (data.isEmpty()) {
                throw new ProtocolException("data", "must not be empty");
            }
            // placeholders are filled in later; the escapes around them must already be valid
            ByteEscapes.decode(data, decoded, "data");
        }
        expect = SerialFraming.pattern(expect, "expect");
        answerDelimiter = SerialFraming.delimiter(answerDelimiter, charset, "answerDelimiter");
        SerialFraming.oneFrameEnd(answerDelimiter, answerLength, "answerDelimiter", "answerLength");
        timeoutMillis = timeoutMillis == 0 ? 5000 : timeoutMillis;
        Check.range(timeoutMillis, 10, 600_000, "timeoutMillis");
        idleMillis = idleMillis == 0 ? 100 : idleMillis;
        Check.range(idleMillis, 1, 60_000, "idleMillis");
    }

    @JsonIgnore
    public Charset frameCharset() {
        return SerialFraming.charset(charset, "charset");
    }

    @Override
    @JsonIgnore
    public TaskType type() {
        return TaskType.SERIAL_WRITE;
    }
}
