package io.taskrunner.agent.executor;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes UTF-8 that arrives in arbitrary byte chunks: an incomplete character at the end of a chunk is kept until
 * the next one completes it. Invalid bytes become U+FFFD rather than failing, since programs print what they like.
 * Not thread-safe.
 */
final class Utf8ChunkDecoder {

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private byte[] carry = new byte[0];

    String decode(byte[] bytes, int offset, int length) {
        ByteBuffer in = ByteBuffer.allocate(carry.length + length);
        in.put(carry).put(bytes, offset, length).flip();
        String text = decode(in, false);
        carry = Arrays.copyOfRange(in.array(), in.position(), in.limit());
        return text;
    }

    /** Ends the input: a dangling incomplete character becomes U+FFFD. */
    String finish() {
        String text = decode(ByteBuffer.wrap(carry), true);
        carry = new byte[0];
        CharBuffer out = CharBuffer.allocate(4);
        decoder.flush(out);
        decoder.reset();
        return text + out.flip();
    }

    /** Ends the input, dropping a dangling incomplete character (used where the output was cut on purpose). */
    void discard() {
        carry = new byte[0];
        decoder.reset();
    }

    private String decode(ByteBuffer in, boolean endOfInput) {
        // UTF-8 never yields more chars than bytes; the spare room covers a replacement character at the end.
        CharBuffer out = CharBuffer.allocate(in.remaining() + 2);
        CoderResult result = decoder.decode(in, out, endOfInput);
        while (result.isOverflow()) {
            CharBuffer bigger = CharBuffer.allocate(out.capacity() * 2);
            out = bigger.put(out.flip());
            result = decoder.decode(in, out, endOfInput);
        }
        return out.flip().toString();
    }
}
