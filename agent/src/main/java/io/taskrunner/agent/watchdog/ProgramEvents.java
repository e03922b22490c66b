package io.taskrunner.agent.watchdog;

/**
 * Hears about supervised programs as they start and exit, on the supervisor's thread right when it happens (for
 * status views, tests and the restart benchmark). Must return at once.
 */
public interface ProgramEvents {
    ProgramEvents NONE = new ProgramEvents() {
    };

    /** The program of {@code rule} runs as {@code pid}. */
    default void started(String rule, long pid) {
    }

    /** The program of {@code rule} that ran as {@code pid} ended with {@code exitCode} (-1: it could not start). */
    default void exited(String rule, long pid, int exitCode) {
    }
}
