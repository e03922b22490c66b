package io.taskrunner.agent.task.javascript;

import java.util.regex.Pattern;

/** The script cannot run as written: the parser or the sandbox refused it at {@link #line()}. */
final class JsSyntaxException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** Nashorn starts its messages with {@code name:line:column }. */
    private static final Pattern LOCATION = Pattern.compile("^\\S*:\\d+:\\d+ ");

    private final long line;

    JsSyntaxException(long line, String message) {
        super(message);
        this.line = line;
    }

    long line() {
        return line;
    }

    /** The first line of a Nashorn message without its location prefix (the rest repeats the source line). */
    static String stripLocation(String message) {
        String first = message == null ? "" : message.lines().findFirst().orElse("");
        return LOCATION.matcher(first).replaceFirst("").strip();
    }
}
