package io.taskrunner.agent.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8ChunkDecoderTest {

    private static final String TEXT = "aé€𝄞 grüße, 日本語 ✓";

    @Test
    void decode_whenCharactersAreSplitAtAnyByte_reassemblesThem() {
        byte[] bytes = TEXT.getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= bytes.length; cut++) {
            Utf8ChunkDecoder decoder = new Utf8ChunkDecoder();
            String text = decoder.decode(bytes, 0, cut) + decoder.decode(bytes, cut, bytes.length - cut)
                    + decoder.finish();
            assertThat(text).as("cut at byte %d", cut).isEqualTo(TEXT);
        }
    }

    @Test
    void decode_whenFedOneByteAtATime_reassemblesEverything() {
        byte[] bytes = TEXT.getBytes(StandardCharsets.UTF_8);
        Utf8ChunkDecoder decoder = new Utf8ChunkDecoder();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < bytes.length; i++) {
            text.append(decoder.decode(bytes, i, 1));
        }
        assertThat(text.append(decoder.finish())).hasToString(TEXT);
    }

    @Test
    void decode_whenBytesAreInvalid_replacesThem() {
        Utf8ChunkDecoder decoder = new Utf8ChunkDecoder();
        byte[] bytes = {'a', (byte) 0xff, 'b'};

        assertThat(decoder.decode(bytes, 0, bytes.length)).isEqualTo("a\uFFFDb");
    }

    @Test
    void finish_whenInputEndsInsideACharacter_replacesIt() {
        Utf8ChunkDecoder decoder = new Utf8ChunkDecoder();
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);

        assertThat(decoder.decode(euro, 0, 2)).isEmpty();
        assertThat(decoder.finish()).isEqualTo("\uFFFD");
    }
}
