package io.taskrunner.console.api;

import io.taskrunner.console.service.runs.RunOutputChunk;
import java.util.List;

/** The end of a run's output as answers carry it: at most {@link #MAX_CHARS} characters, the last ones. */
record RunOutputExcerpt(String text, boolean truncated) {
    static final int MAX_CHARS = 64 * 1024;

    static RunOutputExcerpt of(List<RunOutputChunk> chunks) {
        StringBuilder all = new StringBuilder();
        chunks.forEach(chunk -> all.append(chunk.text()));
        if (all.length() <= MAX_CHARS) {
            return new RunOutputExcerpt(all.toString(), false);
        }
        return new RunOutputExcerpt(all.substring(all.length() - MAX_CHARS), true);
    }
}
