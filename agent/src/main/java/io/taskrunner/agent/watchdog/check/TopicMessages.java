package io.taskrunner.agent.watchdog.check;

/**
 * Tells the watchdog each time a message arrives on an MQTT topic filter; the agent's broker connection implements
 * it (subscribing the filter, and again after every reconnect).
 */
@FunctionalInterface
public interface TopicMessages {

    /** No broker: nothing ever arrives (an {@code mqttSilence} check then fails once its silence has passed). */
    TopicMessages NONE = (filter, onMessage) -> () -> { };

    /**
     * Calls {@code onMessage} for every message on {@code filter} from now on, on the connection's thread (so it
     * must return at once), until the returned handle is closed.
     */
    AutoCloseable listen(String filter, Runnable onMessage);
}
