package io.taskrunner.agent.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Reads one run's output back out of its task's daily log files: the lines tagged with the run, up to the note that
 * it finished. The tag holds the first 8 hex digits of the run id, so a run of the same task on the same day whose
 * id starts alike would mix in; at some thousand runs of one task a day that is rare, and only the log view of those
 * two runs is affected.
 */
public final class RunLogReader {
    private RunLogReader() {
    }

    /** Receives the output line by line, each with its line end. */
    @FunctionalInterface
    public interface LineSink {
        /** @param stream {@code out} or {@code err} */
        void line(String stream, String text);
    }

    public static void read(RunLogs.Backlog backlog, UUID runId, LineSink sink) throws IOException {
        String out = RunLogs.tag(runId, "out");
        String err = RunLogs.tag(runId, "err");
        String finished = " " + runId + " finished: ";
        for (int i = 0; i < backlog.files().size(); i++) {
            Path file = backlog.files().get(i);
            long limit = i == backlog.files().size() - 1 ? backlog.lastFileLength() : Long.MAX_VALUE;
            long read = 0;
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while (read < limit && (line = reader.readLine()) != null) {
                    // every line was written whole with \n, so its bytes plus one say where the next one starts
                    read += line.getBytes(StandardCharsets.UTF_8).length + 1L;
                    if (line.startsWith(out)) {
                        sink.line("out", line.substring(out.length()) + "\n");
                    } else if (line.startsWith(err)) {
                        sink.line("err", line.substring(err.length()) + "\n");
                    } else if (line.contains(finished)) {
                        return;
                    }
                }
            }
        }
    }
}
