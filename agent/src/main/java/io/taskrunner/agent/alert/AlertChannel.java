package io.taskrunner.agent.alert;

/** One way out for alerts besides the console: a webhook, mail. */
interface AlertChannel {
    /** For logs: {@code webhook}, {@code mail}. */
    String name();

    /** Whether the message's rule asks for this channel. */
    boolean wants(AlertMessage message);

    /** Delivers the message once, blocking; throws when it did not get through (the caller retries). */
    void send(AlertMessage message) throws Exception;
}
