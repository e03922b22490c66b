package io.taskrunner.console.service.audit;

import io.taskrunner.console.service.devices.DeviceCredential;
import io.taskrunner.console.service.devices.DeviceCredentialService;
import io.taskrunner.console.service.devices.DevicePassword;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Writes the operator's device credential actions (create, new password, ad-hoc agents, enable/disable, delete) to
 * the audit log, never a password; reads and broker logins pass through.
 */
public final class AuditedDeviceCredentialService implements DeviceCredentialService {
    private final DeviceCredentialService devices;
    private final AuditLog audit;

    public AuditedDeviceCredentialService(DeviceCredentialService devices, AuditLog audit) {
        this.devices = devices;
        this.audit = audit;
    }

    @Override
    public CompletableFuture<DevicePassword> create(String name, String description, List<String> publishFilters) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("description", description);
        details.put("publishFilters", publishFilters == null ? List.of() : List.copyOf(publishFilters));
        return audit.trackAsync("device.create", "device:" + name, details,
                () -> devices.create(name, description, publishFilters));
    }

    @Override
    public List<DeviceCredential> list() {
        return devices.list();
    }

    @Override
    public Optional<DeviceCredential> find(String name) {
        return devices.find(name);
    }

    @Override
    public Optional<String> mosquittoPasswordHash(String name) {
        return devices.mosquittoPasswordHash(name);
    }

    @Override
    public CompletableFuture<DevicePassword> rotatePassword(String name) {
        return audit.trackAsync("device.new-password", "device:" + name, Map.of(),
                () -> devices.rotatePassword(name));
    }

    @Override
    public CompletableFuture<DeviceCredential> setAdhocAgents(String name, List<String> agentIds) {
        return audit.trackAsync("device.adhoc-agents", "device:" + name,
                Map.of("agentIds", agentIds == null ? List.of() : List.copyOf(agentIds)),
                () -> devices.setAdhocAgents(name, agentIds));
    }

    @Override
    public CompletableFuture<DeviceCredential> setEnabled(String name, boolean enabled) {
        return audit.trackAsync(enabled ? "device.enable" : "device.disable", "device:" + name, Map.of(),
                () -> devices.setEnabled(name, enabled));
    }

    @Override
    public CompletableFuture<Boolean> delete(String name) {
        return audit.trackAsync("device.delete", "device:" + name, Map.of(), () -> devices.delete(name));
    }

    @Override
    public boolean verify(String name, String password) {
        return devices.verify(name, password);
    }

    @Override
    public AutoCloseable onCredentialChanged(Consumer<String> listener) {
        return devices.onCredentialChanged(listener);
    }
}
