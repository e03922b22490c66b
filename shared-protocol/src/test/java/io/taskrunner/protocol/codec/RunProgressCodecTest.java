package io.taskrunner.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.message.MessageType;
import io.taskrunner.protocol.message.NextJobRequest;
import io.taskrunner.protocol.message.RunProgress;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@code run.progress} and {@code jobs.next} accept and refuse, each refusal naming the field. */
class RunProgressCodecTest {
    private final MessageCodec codec = new MessageCodec();
    private final ObjectMapper json = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(ints = {-1, 101, 1000})
    void decode_whenPercentIsOutside0To100_namesPercent(int percent) throws IOException {
        ProtocolException e = decodeFails(MessageType.RUN_PROGRESS, body -> body.put("percent", percent));

        assertThat(e.field()).isEqualTo("body.percent");
        assertThat(e.reason()).isEqualTo("must be between 0 and 100, was " + percent);
    }

    @Test
    void decode_whenPercentIsAFraction_namesPercent() throws IOException {
        assertThat(decodeFails(MessageType.RUN_PROGRESS, body -> body.put("percent", 40.5)).field())
                .isEqualTo("body.percent");
    }

    @Test
    void decode_whenDetailsAreLongerThan512Characters_namesDetails() throws IOException {
        ProtocolException e = decodeFails(MessageType.RUN_PROGRESS, body -> body.put("details", "x".repeat(513)));

        assertThat(e.field()).isEqualTo("body.details");
        assertThat(e.reason()).isEqualTo("is longer than 512 characters");
    }

    @Test
    void decode_whenRunIdIsMissing_namesRunId() throws IOException {
        assertThat(decodeFails(MessageType.RUN_PROGRESS, body -> body.remove("runId")).field())
                .isEqualTo("body.runId");
    }

    @Test
    void decode_whenBothPercentAndDetailsAreMissing_refusesTheEmptyReport() throws IOException {
        ProtocolException e = decodeFails(MessageType.RUN_PROGRESS, body -> body.remove(List.of("percent", "details")));

        assertThat(e.field()).isEqualTo("body.percent");
    }

    @Test
    void decode_whenOnlyOneOfPercentAndDetailsIsGiven_acceptsIt() throws IOException {
        RunProgress textOnly = decode(MessageType.RUN_PROGRESS, body -> body.remove("percent"), RunProgress.class);
        RunProgress percentOnly = decode(MessageType.RUN_PROGRESS, body -> body.remove("details"), RunProgress.class);

        assertThat(textOnly.percent()).isNull();
        assertThat(textOnly.details()).isEqualTo("Copying files (12 of 30)");
        assertThat(percentOnly.percent()).isEqualTo(40);
        assertThat(percentOnly.details()).isNull();
    }

    @Test
    void decode_ofAnEmptyNextJobRequest_isAccepted() throws IOException {
        NextJobRequest request = decode(MessageType.NEXT_JOB_REQUEST, body -> body.remove("reason"),
                NextJobRequest.class);

        assertThat(request.reason()).isNull();
    }

    @Test
    void decode_whenTheNextJobReasonIsTooLong_namesReason() throws IOException {
        assertThat(decodeFails(MessageType.NEXT_JOB_REQUEST, body -> body.put("reason", "r".repeat(65))).field())
                .isEqualTo("body.reason");
    }

    private ProtocolException decodeFails(MessageType type, Consumer<ObjectNode> change) throws IOException {
        byte[] payload = mutated(type, change);
        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> codec.decode(payload));
        assertThat(e).as("decode should throw ProtocolException").isNotNull();
        return e;
    }

    private <B> B decode(MessageType type, Consumer<ObjectNode> change, Class<B> bodyType) throws IOException {
        return bodyType.cast(codec.decode(mutated(type, change)).body());
    }

    private byte[] mutated(MessageType type, Consumer<ObjectNode> change) throws IOException {
        ObjectNode root = (ObjectNode) json.readTree(GoldenJsonTest.golden(type));
        change.accept((ObjectNode) root.get("body"));
        return json.writeValueAsBytes(root);
    }
}
