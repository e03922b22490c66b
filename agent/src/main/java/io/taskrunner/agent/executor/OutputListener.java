package io.taskrunner.agent.executor;

/**
 * Receives a running program's output in batches (about 4 KiB, or whatever arrived within about 200 ms), already
 * decoded from UTF-8; a multi-byte character is never split between two calls.
 *
 * <p>Called from the executor's threads, never concurrently and never after {@link ProcessExecutor#execute} has
 * returned. A slow listener slows the reading of the pipes; an exception it throws is logged and the output that
 * follows is still delivered.
 */
@FunctionalInterface
public interface OutputListener {

    /** A listener that drops everything. */
    OutputListener IGNORE = (stream, text) -> { };

    void onOutput(OutputStreamKind stream, String text);
}
