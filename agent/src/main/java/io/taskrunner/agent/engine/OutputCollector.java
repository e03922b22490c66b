package io.taskrunner.agent.engine;

import io.taskrunner.agent.events.EventLog;
import io.taskrunner.agent.executor.OutputListener;
import io.taskrunner.agent.executor.OutputStreamKind;
import io.taskrunner.protocol.message.OutputStreamName;
import io.taskrunner.protocol.message.RunOutput;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Where a run's output goes: live {@code run.output} events, the task's daily log file, and a head-and-tail
 * excerpt for the history. Output beyond the task's limit is counted and dropped.
 */
final class OutputCollector implements OutputListener {
    static final int EXCERPT_CHARS = 4096;
    /** Well inside the message size limit even when every character takes several bytes of JSON. */
    private static final int CHUNK_CHARS = RunOutput.MAX_CHUNK_CHARS / 4;

    private final UUID runId;
    private final String task;
    private final long limitBytes;
    private final EventLog events;
    private final RunLogs logs;
    private final StringBuilder head = new StringBuilder();
    private final StringBuilder tail = new StringBuilder();
    private long bytesSeen;
    private long bytesKept;
    private boolean truncated;

    OutputCollector(UUID runId, String task, long limitBytes, EventLog events, RunLogs logs) {
        this.runId = runId;
        this.task = task;
        this.limitBytes = limitBytes;
        this.events = events;
        this.logs = logs;
    }

    @Override
    public synchronized void onOutput(OutputStreamKind stream, String text) {
        if (text.isEmpty()) {
            return;
        }
        long bytes = text.getBytes(StandardCharsets.UTF_8).length;
        bytesSeen += bytes;
        String kept = text;
        if (bytesKept + bytes > limitBytes) {
            truncated = true;
            kept = prefixWithin(text, limitBytes - bytesKept);
            if (kept.isEmpty()) {
                return;
            }
            bytes = kept.getBytes(StandardCharsets.UTF_8).length;
        }
        bytesKept += bytes;
        OutputStreamName name = stream == OutputStreamKind.STDERR ? OutputStreamName.STDERR : OutputStreamName.STDOUT;
        int start = 0;
        while (start < kept.length()) {
            int end = Math.min(kept.length(), start + CHUNK_CHARS);
            if (end < kept.length() && Character.isHighSurrogate(kept.charAt(end - 1))) {
                end--;
            }
            events.record(new RunOutput(runId, name, kept.substring(start, end)));
            start = end;
        }
        logs.append(task, runId, name == OutputStreamName.STDERR ? "err" : "out", kept);
        remember(kept);
    }

    synchronized long bytesSeen() {
        return bytesSeen;
    }

    synchronized boolean truncated() {
        return truncated;
    }

    /** The first and last few thousand characters of the output kept. */
    synchronized String excerpt() {
        return tail.isEmpty() ? head.toString() : head + "\n…\n" + tail;
    }

    private void remember(String text) {
        if (head.length() < EXCERPT_CHARS) {
            int room = EXCERPT_CHARS - head.length();
            head.append(text, 0, Math.min(room, text.length()));
            text = text.substring(Math.min(room, text.length()));
        }
        if (!text.isEmpty()) {
            tail.append(text);
            if (tail.length() > EXCERPT_CHARS) {
                tail.delete(0, tail.length() - EXCERPT_CHARS);
            }
        }
    }

    private static String prefixWithin(String text, long maxBytes) {
        if (maxBytes <= 0) {
            return "";
        }
        int end = 0;
        long used = 0;
        while (end < text.length()) {
            int cp = text.codePointAt(end);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (used + size > maxBytes) {
                break;
            }
            used += size;
            end += Character.charCount(cp);
        }
        return text.substring(0, end);
    }
}
