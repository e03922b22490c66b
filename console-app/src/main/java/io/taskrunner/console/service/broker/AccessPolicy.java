package io.taskrunner.console.service.broker;

/**
 * Decides what an authenticated client may do on the embedded broker. Called on broker threads, often: keep it
 * fast and free of I/O. Artemis caches a grant per MQTT user name; {@link CertificateSecurityManager} makes sure
 * that name is the certificate's CN.
 */
@FunctionalInterface
public interface AccessPolicy {
    boolean permits(AccessRequest request);

    /** Every authenticated client may do everything: the state until per-agent topic rules exist. */
    static AccessPolicy allowAll() {
        return request -> true;
    }
}
