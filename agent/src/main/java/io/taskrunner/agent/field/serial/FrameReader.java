package io.taskrunner.agent.field.serial;

import io.taskrunner.agent.executor.CancellationToken;
import io.taskrunner.agent.field.FieldDeviceException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cuts one frame out of a byte stream as a {@link Framing} says. The stream must return from {@code read} now and
 * then even when nothing arrives (a serial port or socket read timeout: a 0 result or an
 * {@link InterruptedIOException} means "nothing yet"), so the reader can notice quiet time, its deadline and
 * cancellation; {@code -1} means the line is gone. One instance reads one frame; not thread-safe.
 */
final class FrameReader {
    private static final int MAX_STALE = 4 * Framing.MAX_FRAME;

    private final Framing framing;
    private final String device;
    private byte[] frame = new byte[256];
    private int size;
    private boolean dropping;
    private long lastByteAt;
    private String lastSkipped;

    /**
     * @param device how messages name the port, e.g. {@code serial port /dev/ttyUSB0}
     */
    FrameReader(Framing framing, String device) {
        this.framing = framing;
        this.device = device;
    }

    /** Discards input that waited before this call, then reads the first frame that counts. */
    SerialFrame read(InputStream in, CancellationToken cancel) throws IOException {
        boolean midFrame = discardStale(in);
        return readFrame(in, cancel, midFrame);
    }

    /**
     * Discards the input waiting now, so the frame read next is a fresh one.
     *
     * @return whether the discarded input seems to end inside a frame, whose rest must not count as a frame
     */
    boolean discardStale(InputStream in) throws IOException {
        byte[] scratch = new byte[4096];
        byte[] tail = new byte[0];
        int discarded = 0;
        int available;
        while ((available = in.available()) > 0 && discarded < MAX_STALE) {
            int n = in.read(scratch, 0, Math.min(available, scratch.length));
            if (n < 0) {
                throw new EOFException("the line closed");
            }
            discarded += n;
            // the last bytes, even when a delimiter came split over two reads
            byte[] joined = Arrays.copyOf(tail, tail.length + n);
            System.arraycopy(scratch, 0, joined, tail.length, n);
            tail = Arrays.copyOfRange(joined, Math.max(0, joined.length - 64), joined.length);
        }
        if (available < 0) {
            throw new IOException("the port reports no input state");
        }
        if (discarded == 0 || framing.length() > 0) {
            // a fixed-length stream gives no hint where frames start
            return false;
        }
        return framing.delimiter() == null || !endsWith(tail, tail.length, framing.delimiter());
    }

    /**
     * Reads until a frame counts (matches the pattern, if any) or the framing's timeout passes.
     *
     * @param dropFirst the first frame is the rest of one that began before the read, so it does not count
     * @throws FieldDeviceException on timeout, cancellation or an oversized frame, naming the device
     * @throws IOException          when the line fails or closes (a device unplugged)
     */
    SerialFrame readFrame(InputStream in, CancellationToken cancel, boolean dropFirst) throws IOException {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(framing.timeoutMillis());
        long idleNanos = TimeUnit.MILLISECONDS.toNanos(framing.idleMillis());
        dropping = dropFirst;
        lastByteAt = start;
        byte[] chunk = new byte[4096];
        while (true) {
            if (cancel.isCancelled()) {
                throw new FieldDeviceException(device + ": cancelled while waiting for a " + framing.what());
            }
            if (System.nanoTime() - deadline >= 0) {
                throw timeout();
            }
            int n = readSome(in, chunk);
            long now = System.nanoTime();
            if (n < 0) {
                throw new EOFException("the line closed");
            }
            if (framing.byIdle() && (size > 0 || dropping) && now - lastByteAt >= idleNanos) {
                SerialFrame done = finish(Arrays.copyOf(frame, size));
                if (done != null) {
                    return done;
                }
            }
            for (int i = 0; i < n; i++) {
                append(chunk[i]);
                SerialFrame done = afterByte();
                if (done != null) {
                    return done;
                }
            }
            if (n > 0) {
                lastByteAt = now;
            }
        }
    }

    private SerialFrame afterByte() {
        byte[] delimiter = framing.delimiter();
        if (delimiter != null && endsWith(frame, size, delimiter)) {
            if (size - delimiter.length > Framing.MAX_FRAME) {
                throw oversize();
            }
            return finish(Arrays.copyOf(frame, size - delimiter.length));
        }
        if (framing.length() > 0 && size == framing.length()) {
            return finish(Arrays.copyOf(frame, size));
        }
        // a frame of the largest size may still be followed by all but the last byte of its delimiter
        if (size > Framing.MAX_FRAME + (delimiter == null ? 0 : delimiter.length - 1)) {
            throw oversize();
        }
        return null;
    }

    private FieldDeviceException oversize() {
        return new FieldDeviceException(device + ": " + framing.what() + " longer than " + Framing.MAX_FRAME
                + " bytes (" + framing.describeEnd() + "); check the delimiter, length and character set settings");
    }

    private void append(byte b) {
        if (size == frame.length) {
            frame = Arrays.copyOf(frame, frame.length * 2);
        }
        frame[size++] = b;
    }

    /** Ends the current frame; returns it if it counts, else {@code null} and reading goes on. */
    private SerialFrame finish(byte[] bytes) {
        size = 0;
        if (dropping) {
            dropping = false;
            return null;
        }
        if (bytes.length == 0) {
            // devices pad with empty lines; an empty frame carries nothing
            return null;
        }
        String text = new String(bytes, framing.charset());
        if (framing.pattern() == null) {
            return new SerialFrame(bytes, text, Map.of());
        }
        Map<String, Object> values = FrameValues.match(framing.pattern(), text);
        if (values == null) {
            lastSkipped = text;
            return null;
        }
        return new SerialFrame(bytes, text, values);
    }

    private FieldDeviceException timeout() {
        String within = " within " + framing.timeoutMillis() + " ms";
        if (lastSkipped != null) {
            return new FieldDeviceException(device + ": no " + framing.what() + " matching "
                    + framing.pattern().pattern() + within + "; last frame: '" + SerialFrame.printable(lastSkipped)
                    + "'");
        }
        if (size > 0) {
            return new FieldDeviceException(device + ": no complete " + framing.what() + within + " ("
                    + framing.describeEnd() + "); received " + size + " bytes: '"
                    + SerialFrame.printable(new String(frame, 0, size, framing.charset())) + "'");
        }
        return new FieldDeviceException(device + ": no " + framing.what() + within + ": the device sent nothing");
    }

    private static int readSome(InputStream in, byte[] chunk) throws IOException {
        try {
            return in.read(chunk, 0, chunk.length);
        } catch (InterruptedIOException e) {
            // the stream's read timeout: nothing arrived yet
            return 0;
        }
    }

    private static boolean endsWith(byte[] bytes, int size, byte[] suffix) {
        if (size < suffix.length) {
            return false;
        }
        return Arrays.equals(bytes, size - suffix.length, size, suffix, 0, suffix.length);
    }
}
