package io.taskrunner.console.service.broker;

import java.util.Objects;

import org.apache.activemq.artemis.core.security.CheckType;

/**
 * One authorization question the broker asks: may {@code identity} do {@code checkType} on {@code address}?
 * Addresses are Artemis addresses, mapped from MQTT topics: {@code /} became {@code .}, {@code +} became
 * {@code *}; {@code #} stays.
 *
 * @param queue the queue part when Artemis asked about {@code address::queue} (subscription queues), else null
 */
public record AccessRequest(ClientIdentity identity, CheckType checkType, String address, String queue) {
    public AccessRequest {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(checkType, "checkType");
        Objects.requireNonNull(address, "address");
    }

    public ClientRole role() {
        return identity.role();
    }
}
