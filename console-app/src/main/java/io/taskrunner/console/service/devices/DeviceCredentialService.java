package io.taskrunner.console.service.devices;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The device credentials IoT devices log in to the embedded broker with (user name and password over TLS, no client
 * certificate), and the topics each may publish to. Changes take effect on the broker at once: a rotated, disabled
 * or deleted credential's connections are closed. Futures complete on a service thread; a refused change fails them
 * with an {@link IllegalArgumentException} whose message starts with the field's name (e.g.
 * {@code publishFilters[2]: ...}). Listeners are called on a service thread, never the UI thread.
 */
public interface DeviceCredentialService {
    /**
     * Creates an enabled credential with a new random password. The name must not be an agent's id, nor an existing
     * credential's.
     *
     * @return the credential with its password: the only time the password is available
     */
    CompletableFuture<DevicePassword> create(String name, String description, List<String> publishFilters);

    /** All credentials by name. */
    List<DeviceCredential> list();

    Optional<DeviceCredential> find(String name);

    /** Replaces the password with a new random one; the old one stops working at once. */
    CompletableFuture<DevicePassword> rotatePassword(String name);

    /**
     * Sets the agents the device may send ad-hoc programs to over MQTT (replacing the list; empty revokes). Fails
     * with an {@link IllegalArgumentException} naming {@code adhocAgents[i]} for an id that cannot be one, or
     * when there is no such credential.
     */
    CompletableFuture<DeviceCredential> setAdhocAgents(String name, List<String> agentIds);

    /** Enables or disables the credential; a disabled device is refused and its connections are closed. */
    CompletableFuture<DeviceCredential> setEnabled(String name, boolean enabled);

    /** Deletes the credential; completes with false when there was none of that name. */
    CompletableFuture<Boolean> delete(String name);

    /**
     * The current password in Mosquitto's {@code password_file} form ({@code $7$...}), for exporting the broker
     * rules. Empty when there is no such credential or its password was set before the console kept this form:
     * rotating the password makes one.
     */
    Optional<String> mosquittoPasswordHash(String name);

    /**
     * True when {@code name} is an enabled credential and {@code password} its password. Checking a password not
     * seen since the credential changed hashes it: tens of milliseconds, more before the JIT has warmed up.
     */
    boolean verify(String name, String password);

    /** Called with a credential's name after it was created, changed or deleted. Returns a handle to unsubscribe. */
    AutoCloseable onCredentialChanged(Consumer<String> listener);
}
