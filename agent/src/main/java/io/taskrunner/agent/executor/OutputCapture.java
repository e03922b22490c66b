package io.taskrunner.agent.executor;

import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a child's stdout and stderr into batched text for an {@link OutputListener}, within one byte budget shared
 * by both streams. Past the budget it keeps reading (so the child never blocks on a full pipe) but drops the bytes.
 * One lock guards all state, which is also what keeps the listener from being called concurrently.
 */
final class OutputCapture {

    private static final Logger LOG = LoggerFactory.getLogger(OutputCapture.class);
    private static final int READ_BUFFER_BYTES = 8192;

    private final OutputListener listener;
    private final long limitBytes;
    private final int batchBytes;
    private final Map<OutputStreamKind, Batch> batches = new EnumMap<>(OutputStreamKind.class);
    private long capturedBytes;
    private long totalBytes;
    private boolean truncated;
    private boolean closed;
    private boolean listenerFailed;

    OutputCapture(OutputListener listener, long limitBytes, int batchBytes) {
        this.listener = listener;
        this.limitBytes = limitBytes;
        this.batchBytes = batchBytes;
        for (OutputStreamKind kind : OutputStreamKind.values()) {
            batches.put(kind, new Batch());
        }
    }

    /** Reads {@code in} to its end on the calling thread; closes it. */
    void pump(InputStream in, OutputStreamKind kind) {
        byte[] buffer = new byte[READ_BUFFER_BYTES];
        try (in) {
            int read;
            while ((read = in.read(buffer)) != -1) {
                accept(kind, buffer, read);
            }
        } catch (IOException e) {
            // The pipe is closed under us when the process is torn down; what was read so far is kept.
            LOG.debug("Stopped reading {}: {}", kind, e.toString());
        } finally {
            endOfStream(kind);
        }
    }

    synchronized void accept(OutputStreamKind kind, byte[] bytes, int length) {
        totalBytes += length;
        if (closed) {
            return;
        }
        Batch batch = batches.get(kind);
        int granted = (int) Math.min(length, limitBytes - capturedBytes);
        if (granted < length) {
            truncated = true;
            batch.cut = true;
        }
        if (granted > 0) {
            capturedBytes += granted;
            batch.text.append(batch.decoder.decode(bytes, 0, granted));
            batch.pendingBytes += granted;
            if (batch.pendingBytes >= batchBytes) {
                flush(kind, batch);
            }
        }
    }

    /** Passes on whatever is waiting; called periodically so a slow program's output still streams promptly. */
    synchronized void flushPending() {
        if (!closed) {
            batches.forEach(this::flush);
        }
    }

    /** Delivers what is left; after this the listener is never called again. */
    synchronized void close() {
        if (!closed) {
            batches.keySet().forEach(this::endOfStream);
            closed = true;
        }
    }

    synchronized boolean truncated() {
        return truncated;
    }

    synchronized long totalBytes() {
        return totalBytes;
    }

    synchronized void endOfStream(OutputStreamKind kind) {
        Batch batch = batches.get(kind);
        if (closed || batch.ended) {
            return;
        }
        batch.ended = true;
        if (batch.cut) {
            // The limit may have split a character; a replacement character there would only be noise.
            batch.decoder.discard();
        } else {
            batch.text.append(batch.decoder.finish());
        }
        flush(kind, batch);
    }

    private void flush(OutputStreamKind kind, Batch batch) {
        if (batch.text.isEmpty()) {
            return;
        }
        String text = batch.text.toString();
        batch.text.setLength(0);
        batch.pendingBytes = 0;
        try {
            listener.onOutput(kind, text);
        } catch (RuntimeException e) {
            // Keep draining: a child writing into a pipe nobody reads would hang. One stack trace per run is enough.
            if (listenerFailed) {
                LOG.debug("Output listener failed again on {} text", kind, e);
            } else {
                listenerFailed = true;
                LOG.warn("Output listener failed on {} text; later output is still delivered", kind, e);
            }
        }
    }

    /** Text of one stream waiting to be passed on. */
    private static final class Batch {
        final Utf8ChunkDecoder decoder = new Utf8ChunkDecoder();
        final StringBuilder text = new StringBuilder();
        int pendingBytes;
        boolean cut;
        boolean ended;
    }
}
