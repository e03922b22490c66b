package io.taskrunner.console.viewmodel;

import io.taskrunner.console.service.fleet.AgentConnectionStatus;
import io.taskrunner.console.service.fleet.AgentSnapshot;
import io.taskrunner.i18n.Messages;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One agent in the fleet table. The row object stays the same while its agent's facts change
 * ({@link #update(AgentSnapshot)}), so a table keeps its selection. Values are for sorting, texts for showing.
 */
public final class AgentRowViewModel {
    private final String agentId;
    private final ReadOnlyStringWrapper name = new ReadOnlyStringWrapper(this, "name");
    private final ReadOnlyObjectWrapper<AgentConnectionStatus> status = new ReadOnlyObjectWrapper<>(this, "status");
    private final ReadOnlyStringWrapper os = new ReadOnlyStringWrapper(this, "os");
    private final ReadOnlyStringWrapper version = new ReadOnlyStringWrapper(this, "version");
    private final ReadOnlyObjectWrapper<Double> cpu = new ReadOnlyObjectWrapper<>(this, "cpu");
    private final ReadOnlyObjectWrapper<Double> memory = new ReadOnlyObjectWrapper<>(this, "memory");
    private final ReadOnlyObjectWrapper<Instant> lastSeen = new ReadOnlyObjectWrapper<>(this, "lastSeen");
    private final StringBinding statusText;
    private final StringBinding cpuText;
    private final StringBinding memoryText;
    private final StringBinding lastSeenText;
    private final ObjectBinding<Tone> tone;

    AgentRowViewModel(AgentSnapshot snapshot, LocalizedTexts texts, Clock clock) {
        this.agentId = snapshot.agentId();
        update(snapshot);
        statusText = texts.compute(messages -> statusText(status.get(), messages), status);
        cpuText = texts.compute(messages -> Formats.percent(cpu.get(), messages), cpu);
        memoryText = texts.compute(messages -> Formats.percent(memory.get(), messages), memory);
        lastSeenText = texts.compute(messages -> Formats.dateTime(lastSeen.get(), clock, messages), lastSeen);
        tone = Bindings.createObjectBinding(
                () -> status.get() == AgentConnectionStatus.ONLINE ? Tone.SUCCESS : Tone.NEUTRAL, status);
    }

    /** Takes the newest facts; only the values that changed fire change events. */
    void update(AgentSnapshot snapshot) {
        if (!snapshot.agentId().equals(agentId)) {
            throw new IllegalArgumentException("snapshot of " + snapshot.agentId() + " given to row of " + agentId);
        }
        name.set(snapshot.hostName() == null || snapshot.hostName().isBlank() ? agentId : snapshot.hostName());
        status.set(snapshot.status() == null ? AgentConnectionStatus.UNKNOWN : snapshot.status());
        os.set(Objects.requireNonNullElse(snapshot.os(), ""));
        version.set(Objects.requireNonNullElse(snapshot.agentVersion(), ""));
        cpu.set(snapshot.cpuPercent());
        memory.set(snapshot.memoryPercent());
        lastSeen.set(snapshot.lastSeen());
    }

    static String statusText(AgentConnectionStatus status, Messages messages) {
        return messages.get(switch (status) {
            case ONLINE -> "status.online";
            case OFFLINE -> "status.offline";
            case UNKNOWN -> "status.unknown";
        });
    }

    /** The values a table should refresh a row for when they change. */
    Observable[] observables() {
        return new Observable[] {name, status, os, version, cpu, memory, lastSeen, statusText};
    }

    boolean matches(String filter) {
        if (filter == null || filter.isBlank()) {
            return true;
        }
        String needle = filter.strip().toLowerCase(Locale.ROOT);
        return contains(agentId, needle) || contains(name.get(), needle) || contains(os.get(), needle)
                || contains(version.get(), needle) || contains(statusText.get(), needle);
    }

    private static boolean contains(String haystack, String needle) {
        return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(needle);
    }

    /** Whether a command can be sent: online now, or offline and it will run when the agent returns. */
    public boolean canRunCommand() {
        return status.get() == AgentConnectionStatus.ONLINE || status.get() == AgentConnectionStatus.OFFLINE;
    }

    public String agentId() {
        return agentId;
    }

    public ReadOnlyStringProperty nameProperty() {
        return name.getReadOnlyProperty();
    }

    public String name() {
        return name.get();
    }

    public ReadOnlyObjectProperty<AgentConnectionStatus> statusProperty() {
        return status.getReadOnlyProperty();
    }

    public AgentConnectionStatus status() {
        return status.get();
    }

    public StringBinding statusText() {
        return statusText;
    }

    /** Green while online, grey otherwise. */
    public ObjectBinding<Tone> tone() {
        return tone;
    }

    public ReadOnlyStringProperty osProperty() {
        return os.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty versionProperty() {
        return version.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Double> cpuProperty() {
        return cpu.getReadOnlyProperty();
    }

    public StringBinding cpuText() {
        return cpuText;
    }

    public ReadOnlyObjectProperty<Double> memoryProperty() {
        return memory.getReadOnlyProperty();
    }

    public StringBinding memoryText() {
        return memoryText;
    }

    public ReadOnlyObjectProperty<Instant> lastSeenProperty() {
        return lastSeen.getReadOnlyProperty();
    }

    public StringBinding lastSeenText() {
        return lastSeenText;
    }
}
