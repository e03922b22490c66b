package io.taskrunner.agent.task.power;

import java.time.Duration;

/**
 * Restarts, shuts down or logs off this PC. Each call returns once the request was handed to the OS; the action
 * itself happens after the delay.
 *
 * <p>Every method throws {@link PowerUnsupportedException} when this OS or session cannot do it, and
 * {@link io.taskrunner.agent.task.TaskException} when the OS refused (no permission, nothing pending to cancel).
 */
public interface PowerControl {

    /** @param message shown to logged-in users before the restart; {@code null} or blank for none */
    void restart(Duration delay, String message);

    /** @param message shown to logged-in users before the shutdown; {@code null} or blank for none */
    void shutdown(Duration delay, String message);

    /** Ends the desktop user's session now. */
    void logoff();

    /** Withdraws a pending restart or shutdown. */
    void cancelPending();
}
