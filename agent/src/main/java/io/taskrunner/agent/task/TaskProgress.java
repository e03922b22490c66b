package io.taskrunner.agent.task;

/**
 * Where a running task says how far it is. The engine coalesces reports into {@code run.progress} events (at most
 * one a second, the last one always), so a task may report as often as it likes. Thread-safe.
 */
@FunctionalInterface
public interface TaskProgress {

    /** Drops every report: runs outside the engine ({@code taskrunner-agent exec}). */
    TaskProgress IGNORE = (percent, details) -> { };

    /**
     * Reports the task's progress; a value left out (null) keeps the one reported before.
     *
     * @param percent 0 to 100, or null
     * @param details what the task is doing (the engine keeps the first 512 characters), or null
     */
    void report(Integer percent, String details);
}
