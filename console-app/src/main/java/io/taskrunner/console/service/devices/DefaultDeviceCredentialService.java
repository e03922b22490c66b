package io.taskrunner.console.service.devices;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.taskrunner.console.persistence.Database;
import io.taskrunner.console.service.broker.ClientIdentity;
import io.taskrunner.console.service.broker.DeviceDirectory;
import io.taskrunner.console.service.broker.DeviceGrants;
import io.taskrunner.console.service.broker.MosquittoPasswordHash;
import io.taskrunner.console.service.devices.DeviceCredentialRepository.StoredDevice;
import io.taskrunner.console.service.fleet.AgentSnapshot;
import io.taskrunner.console.service.fleet.FleetService;
import io.taskrunner.console.service.fleet.Listeners;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Device credentials in H2, served to the broker from an in-memory snapshot that is replaced after every change
 * (the broker asks on every publish; it never waits for H2). Changes run one at a time on virtual threads.
 *
 * <p>Device names and agent ids are kept apart both ways (here and at enrolment), so a name means one client in
 * logs, in the exported ACLs of an external broker (where a certificate's CN is the user name) and to operators.
 */
public final class DefaultDeviceCredentialService implements DeviceCredentialService, DeviceDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultDeviceCredentialService.class);
    /** Logins of a connected device are recorded at most this often. */
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private final DeviceCredentialRepository repository;
    private final FleetService fleet;
    private final Clock clock;
    private final DevicePasswords passwords;
    private final MosquittoPasswordHash mosquittoHashes = new MosquittoPasswordHash();
    private final Executor executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("console-devices-", 0).factory());
    private final Object changes = new Object();
    private final Listeners<String> listeners = new Listeners<>();
    private final Set<String> agentIds = ConcurrentHashMap.newKeySet();
    private volatile Map<String, Entry> snapshot;

    public DefaultDeviceCredentialService(Database database, FleetService fleet, Clock clock) {
        this(database, fleet, clock, DevicePasswords.DEFAULT_ITERATIONS);
    }

    /** @param iterations PBKDF2 iterations for new passwords (stored passwords keep theirs) */
    DefaultDeviceCredentialService(Database database, FleetService fleet, Clock clock, int iterations) {
        this.repository = new DeviceCredentialRepository(database);
        this.fleet = Objects.requireNonNull(fleet, "fleet");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.passwords = new DevicePasswords(iterations);
        fleet.onAgentChanged(agent -> agentIds.add(agent.agentId()));
        fleet.agents().stream().map(AgentSnapshot::agentId).forEach(agentIds::add);
        reload();
    }

    @Override
    public CompletableFuture<DevicePassword> create(String name, String description, List<String> publishFilters) {
        DeviceCredential credential;
        try {
            credential = new DeviceCredential(name, description, publishFilters, true, clock.instant(), null);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return change(name, () -> {
            if (isAgent(name)) {
                throw new IllegalArgumentException("name: '" + name + "' is the id of an agent; device names and "
                        + "agent ids must differ");
            }
            String password = passwords.generate();
            if (!repository.insert(credential, passwords.hash(password), mosquittoHashes.hash(password))) {
                throw new IllegalArgumentException("name: a device credential named '" + name + "' exists already");
            }
            LOG.info("Created device credential {} granting {}", name, credential.publishFilters());
            return new DevicePassword(credential, password);
        });
    }

    @Override
    public List<DeviceCredential> list() {
        return snapshot.values().stream().map(Entry::credential).toList();
    }

    @Override
    public Optional<DeviceCredential> find(String name) {
        return Optional.ofNullable(snapshot.get(name)).map(Entry::credential);
    }

    @Override
    public CompletableFuture<DevicePassword> rotatePassword(String name) {
        return change(name, () -> {
            String password = passwords.generate();
            if (!repository.updatePassword(name, passwords.hash(password), mosquittoHashes.hash(password))) {
                throw noSuchCredential(name);
            }
            LOG.info("Rotated the password of device credential {}", name);
            return password;
        }).thenApply(password -> new DevicePassword(current(name), password));
    }

    @Override
    public CompletableFuture<DeviceCredential> setAdhocAgents(String name, List<String> agentIds) {
        List<String> checked;
        try {
            checked = DeviceCredential.checkAdhocAgents(agentIds);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return change(name, () -> {
            if (!repository.setAdhocAgents(name, checked)) {
                throw noSuchCredential(name);
            }
            LOG.info("Device credential {} may send ad-hoc programs to {}", name, checked.isEmpty() ? "no agent"
                    : checked);
            return checked;
        }).thenApply(changed -> current(name));
    }

    @Override
    public CompletableFuture<DeviceCredential> setEnabled(String name, boolean enabled) {
        return change(name, () -> {
            if (!repository.setEnabled(name, enabled)) {
                throw noSuchCredential(name);
            }
            LOG.info("{} device credential {}", enabled ? "Enabled" : "Disabled", name);
            return enabled;
        }).thenApply(changed -> current(name));
    }

    @Override
    public CompletableFuture<Boolean> delete(String name) {
        return change(name, () -> {
            boolean deleted = repository.delete(name);
            if (deleted) {
                LOG.info("Deleted device credential {}", name);
            }
            return deleted;
        });
    }

    @Override
    public Optional<String> mosquittoPasswordHash(String name) {
        Entry entry = snapshot.get(name);
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.stored.mosquittoHash());
    }

    @Override
    public boolean verify(String name, String password) {
        return login(name, password) == DeviceLoginOutcome.ACCEPTED;
    }

    @Override
    public AutoCloseable onCredentialChanged(Consumer<String> listener) {
        return listeners.add(listener);
    }

    @Override
    public DeviceLoginOutcome login(String name, String password) {
        Entry entry = name == null ? null : snapshot.get(name);
        if (entry == null) {
            // no slow hash for unknown names: guessing names must not cost the broker CPU time
            return DeviceLoginOutcome.UNKNOWN;
        }
        if (!entry.enabled()) {
            return DeviceLoginOutcome.DISABLED;
        }
        if (password == null || !entry.matches(password)) {
            return DeviceLoginOutcome.WRONG_PASSWORD;
        }
        recordUse(entry);
        return DeviceLoginOutcome.ACCEPTED;
    }

    @Override
    public Optional<DeviceGrants> grants(String name) {
        Entry entry = snapshot.get(name);
        return entry == null || !entry.enabled() ? Optional.empty() : Optional.of(entry.grants());
    }

    @Override
    public boolean isReservedClientId(String deviceName, String clientId) {
        return ClientIdentity.CONSOLE.equals(clientId) || agentIds.contains(clientId)
                || snapshot.containsKey(clientId) && !clientId.equals(deviceName);
    }

    private boolean isAgent(String name) {
        return agentIds.contains(name) || fleet.agent(name).isPresent();
    }

    /**
     * Runs one change after the other, then replaces the snapshot and, when it worked, tells the listeners; what
     * depends on the new snapshot belongs after the returned future.
     */
    private <T> CompletableFuture<T> change(String name, Supplier<T> work) {
        return CompletableFuture.supplyAsync(() -> {
            T result;
            synchronized (changes) {
                try {
                    result = work.get();
                } finally {
                    reload();
                }
            }
            listeners.fire(name);
            return result;
        }, executor);
    }

    private void reload() {
        Map<String, Entry> previous = snapshot;
        Map<String, Entry> loaded = new LinkedHashMap<>();
        for (StoredDevice device : repository.findAll()) {
            Entry before = previous == null ? null : previous.get(device.credential().name());
            loaded.put(device.credential().name(), new Entry(device, before));
        }
        snapshot = Map.copyOf(loaded);
    }

    private DeviceCredential current(String name) {
        return find(name).orElseThrow(() -> noSuchCredential(name));
    }

    private static IllegalArgumentException noSuchCredential(String name) {
        return new IllegalArgumentException("name: there is no device credential named '" + name + "'");
    }

    private void recordUse(Entry entry) {
        Instant now = clock.instant();
        Instant last = entry.lastUsedAt;
        if (last != null && Duration.between(last, now).compareTo(LAST_USED_RESOLUTION) < 0) {
            return;
        }
        entry.lastUsedAt = now;
        String name = entry.name();
        executor.execute(() -> {
            try {
                repository.touch(name, now);
            } catch (RuntimeException e) {
                LOG.warn("Cannot record the last use of device credential {}", name, e);
            }
        });
    }

    /** One credential in the snapshot, with what the broker needs fast. */
    private static final class Entry {
        private final StoredDevice stored;
        private final DeviceGrants grants;
        private volatile byte[] recognised;
        private volatile Instant lastUsedAt;

        /** @param before the same credential in the previous snapshot; its recognised password stays if unchanged */
        Entry(StoredDevice stored, Entry before) {
            this.stored = stored;
            this.grants = new DeviceGrants(stored.credential().name(), stored.credential().parsedFilters(),
                    java.util.Set.copyOf(stored.credential().adhocAgents()));
            Instant storedUse = stored.credential().lastUsedAt();
            Instant remembered = before == null ? null : before.lastUsedAt;
            this.lastUsedAt = remembered != null && (storedUse == null || remembered.isAfter(storedUse))
                    ? remembered : storedUse;
            if (before != null && MessageDigest.isEqual(before.stored.password().hash(), stored.password().hash())) {
                this.recognised = before.recognised;
            }
        }

        DeviceCredential credential() {
            return stored.credential().usedAt(lastUsedAt);
        }

        boolean enabled() {
            return stored.credential().enabled();
        }

        String name() {
            return stored.credential().name();
        }

        DeviceGrants grants() {
            return grants;
        }

        boolean matches(String password) {
            byte[] digest = DevicePasswords.recognition(stored.password(), password);
            byte[] known = recognised;
            if (known != null && MessageDigest.isEqual(known, digest)) {
                return true;
            }
            if (!DevicePasswords.matches(stored.password(), password)) {
                return false;
            }
            recognised = digest;
            return true;
        }
    }
}
