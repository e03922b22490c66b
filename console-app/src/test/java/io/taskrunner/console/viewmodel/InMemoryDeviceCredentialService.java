package io.taskrunner.console.viewmodel;

import io.taskrunner.console.service.broker.MosquittoPasswordHash;
import io.taskrunner.console.service.devices.DeviceCredential;
import io.taskrunner.console.service.devices.DeviceCredentialService;
import io.taskrunner.console.service.devices.DevicePassword;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Device credentials held in memory, changed on the calling thread; passwords are kept in plain text. */
public final class InMemoryDeviceCredentialService implements DeviceCredentialService {
    private static final MosquittoPasswordHash MOSQUITTO_HASHES = new MosquittoPasswordHash();
    private final Map<String, DeviceCredential> credentials = new TreeMap<>();
    private final Map<String, String> passwords = new TreeMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    @Override
    public synchronized CompletableFuture<DevicePassword> create(String name, String description,
            List<String> publishFilters) {
        DeviceCredential credential;
        try {
            credential = new DeviceCredential(name, description, publishFilters, true,
                    Instant.parse("2025-03-01T08:00:00Z"), null);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (credentials.putIfAbsent(name, credential) != null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "name: a device credential named '" + name + "' exists already"));
        }
        return CompletableFuture.completedFuture(newPassword(credential));
    }

    @Override
    public synchronized List<DeviceCredential> list() {
        return new ArrayList<>(credentials.values());
    }

    @Override
    public synchronized Optional<DeviceCredential> find(String name) {
        return Optional.ofNullable(credentials.get(name));
    }

    @Override
    public synchronized CompletableFuture<DevicePassword> rotatePassword(String name) {
        return find(name).map(credential -> CompletableFuture.completedFuture(newPassword(credential)))
                .orElseGet(() -> CompletableFuture.failedFuture(missing(name)));
    }

    @Override
    public synchronized CompletableFuture<DeviceCredential> setAdhocAgents(String name, List<String> agentIds) {
        DeviceCredential credential = credentials.get(name);
        if (credential == null) {
            return CompletableFuture.failedFuture(missing(name));
        }
        DeviceCredential changed;
        try {
            changed = new DeviceCredential(name, credential.description(), credential.publishFilters(), agentIds,
                    credential.enabled(), credential.createdAt(), credential.lastUsedAt());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        credentials.put(name, changed);
        fire(name);
        return CompletableFuture.completedFuture(changed);
    }

    @Override
    public synchronized CompletableFuture<DeviceCredential> setEnabled(String name, boolean enabled) {
        DeviceCredential credential = credentials.get(name);
        if (credential == null) {
            return CompletableFuture.failedFuture(missing(name));
        }
        DeviceCredential changed = new DeviceCredential(name, credential.description(), credential.publishFilters(),
                credential.adhocAgents(), enabled, credential.createdAt(), credential.lastUsedAt());
        credentials.put(name, changed);
        fire(name);
        return CompletableFuture.completedFuture(changed);
    }

    @Override
    public synchronized CompletableFuture<Boolean> delete(String name) {
        passwords.remove(name);
        boolean deleted = credentials.remove(name) != null;
        if (deleted) {
            fire(name);
        }
        return CompletableFuture.completedFuture(deleted);
    }

    @Override
    public synchronized Optional<String> mosquittoPasswordHash(String name) {
        return Optional.ofNullable(passwords.get(name)).map(MOSQUITTO_HASHES::hash);
    }

    @Override
    public synchronized boolean verify(String name, String password) {
        DeviceCredential credential = credentials.get(name);
        return credential != null && credential.enabled() && password != null
                && password.equals(passwords.get(name));
    }

    @Override
    public AutoCloseable onCredentialChanged(Consumer<String> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private DevicePassword newPassword(DeviceCredential credential) {
        String password = UUID.randomUUID().toString();
        passwords.put(credential.name(), password);
        fire(credential.name());
        return new DevicePassword(credential, password);
    }

    private void fire(String name) {
        listeners.forEach(listener -> listener.accept(name));
    }

    private static IllegalArgumentException missing(String name) {
        return new IllegalArgumentException("name: there is no device credential named '" + name + "'");
    }
}
