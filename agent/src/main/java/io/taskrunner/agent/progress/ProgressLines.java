package io.taskrunner.agent.progress;

import io.taskrunner.agent.executor.OutputListener;
import io.taskrunner.agent.executor.OutputStreamKind;
import io.taskrunner.agent.task.TaskProgress;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds progress lines in a run's output, on stdout and stderr alike, and reports them:
 * <pre>
 * ##taskrunner[progress=40] Copying files     percent and text
 * ##taskrunner[progress=40]                   percent only
 * ##taskrunner[progress] Copying files        text only
 * </pre>
 * The marker starts the line; the percent is a whole number from 0 to 100; the text is the rest of the line. A line
 * may arrive split over several chunks. A malformed progress line is ignored with a warning in the agent's log. The
 * lines stay in the output as they are: this only reads it.
 */
public final class ProgressLines implements OutputListener {
    public static final String MARKER = "##taskrunner[";
    /** A progress line is short; a longer candidate is cut here (the text is cut to 512 characters anyway). */
    static final int MAX_LINE_CHARS = 2048;

    private static final Logger LOG = LoggerFactory.getLogger(ProgressLines.class);
    private static final Pattern LINE = Pattern.compile("##taskrunner\\[progress(?:=([^\\]]*))?\\](.*)",
            Pattern.DOTALL);
    private static final Pattern PERCENT = Pattern.compile("\\d{1,3}");

    private final UUID runId;
    private final TaskProgress progress;
    private final Map<OutputStreamKind, Partial> partials = new EnumMap<>(OutputStreamKind.class);

    public ProgressLines(UUID runId, TaskProgress progress) {
        this.runId = runId;
        this.progress = progress;
    }

    @Override
    public synchronized void onOutput(OutputStreamKind stream, String text) {
        Partial partial = partials.computeIfAbsent(stream, kind -> new Partial());
        int start = 0;
        while (start < text.length()) {
            int newline = text.indexOf('\n', start);
            int end = newline < 0 ? text.length() : newline;
            partial.append(text, start, end);
            if (newline < 0) {
                return;
            }
            partial.lineEnded().ifPresent(this::parse);
            start = newline + 1;
        }
    }

    /** The output ended: a last progress line without a line break counts too. */
    public synchronized void finish() {
        for (Partial partial : partials.values()) {
            partial.lineEnded().ifPresent(this::parse);
        }
    }

    private void parse(String line) {
        Matcher matcher = LINE.matcher(line.strip());
        if (!matcher.matches()) {
            LOG.warn("run {}: ignoring '{}': a progress line reads ##taskrunner[progress=<0-100>] <text>", runId,
                    shorten(line));
            return;
        }
        String value = matcher.group(1);
        String details = matcher.group(2).strip();
        Integer percent = null;
        if (value != null) {
            String digits = value.strip();
            if (!PERCENT.matcher(digits).matches() || Integer.parseInt(digits) > 100) {
                LOG.warn("run {}: ignoring progress line '{}': the percent must be a whole number from 0 to 100, "
                        + "was '{}'", runId, shorten(line), shorten(value));
                return;
            }
            percent = Integer.parseInt(digits);
        }
        if (percent == null && details.isEmpty()) {
            LOG.warn("run {}: ignoring progress line '{}': it has neither a percent nor a text", runId, shorten(line));
            return;
        }
        progress.report(percent, details.isEmpty() ? null : details);
    }

    private static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }

    /**
     * The current line of one stream so far, kept only while it may still be a progress line: once its start
     * differs from the marker the rest of the line is skipped.
     */
    private static final class Partial {
        private final StringBuilder line = new StringBuilder();
        private boolean skipping;

        void append(String text, int from, int to) {
            if (skipping || from == to) {
                return;
            }
            int room = MAX_LINE_CHARS - line.length();
            line.append(text, from, Math.min(to, from + Math.max(0, room)));
            int compared = Math.min(line.length(), MARKER.length());
            if (!line.substring(0, compared).equals(MARKER.substring(0, compared))) {
                skipping = true;
                line.setLength(0);
            }
        }

        /** The line that just ended, when it is a progress line candidate; resets for the next line. */
        Optional<String> lineEnded() {
            boolean candidate = !skipping && line.length() >= MARKER.length();
            String ended = line.toString();
            line.setLength(0);
            skipping = false;
            return candidate ? Optional.of(ended) : Optional.empty();
        }
    }
}
