package io.taskrunner.console.service.broker;

/**
 * Decides what an authenticated client may do on the embedded broker. Called on broker threads for every publish,
 * subscription and queue operation (the broker's authorization cache is off, see {@link BrokerConfiguration}): keep
 * it fast and free of I/O.
 */
@FunctionalInterface
public interface AccessPolicy {
    boolean permits(AccessRequest request);

    /** Every authenticated client may do everything: the state until per-agent topic rules exist. */
    static AccessPolicy allowAll() {
        return request -> true;
    }
}
