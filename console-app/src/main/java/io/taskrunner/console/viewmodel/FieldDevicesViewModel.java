package io.taskrunner.console.viewmodel;

import io.taskrunner.console.service.desired.DesiredStateService;
import io.taskrunner.console.service.field.LiveValues;
import io.taskrunner.console.service.fleet.AgentSnapshot;
import io.taskrunner.console.service.fleet.FleetService;
import io.taskrunner.console.service.runs.RunService;
import io.taskrunner.protocol.definition.collector.CollectorDefinition;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Field devices section: the online agent the operator works through, a Modbus test read with its register
 * map and a test write to the same slave, a serial test read and write on one port, saving the register map or the
 * serial read as a collector, and the chosen agent's live values.
 */
public final class FieldDevicesViewModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FieldDevicesViewModel.class);
    private static final Comparator<AgentChoice> BY_NAME = Comparator.comparing(AgentChoice::name)
            .thenComparing(AgentChoice::agentId);

    private final DesiredStateService desired;
    private final Executor uiExecutor;
    private final Executor background;
    private final ObservableList<AgentChoice> agents = FXCollections.observableArrayList();
    private final ObservableList<AgentChoice> agentsView = FXCollections.unmodifiableObservableList(agents);
    private final ObjectProperty<AgentChoice> selectedAgent = new SimpleObjectProperty<>(this, "selectedAgent");
    private final StringBinding agentId = Bindings.createStringBinding(
            () -> selectedAgent.get() == null ? null : selectedAgent.get().agentId(), selectedAgent);
    private final ModbusTestReadViewModel testRead;
    private final ModbusTestWriteViewModel testWrite;
    private final SerialTestReadViewModel serialRead;
    private final SerialTestWriteViewModel serialWrite;
    private final SaveCollectorViewModel saveCollector;
    private final SaveCollectorViewModel saveSerialCollector;
    private final LiveValuesViewModel live;
    private final AutoCloseable fleetSubscription;

    /**
     * @param background where storing definitions and reading the desired state run, off the UI thread
     */
    public FieldDevicesViewModel(FleetService fleet, RunService runs, DesiredStateService desired,
            LiveValues liveValues, LocalizedTexts texts, Executor uiExecutor, Executor background, Clock clock) {
        Objects.requireNonNull(fleet, "fleet");
        this.desired = Objects.requireNonNull(desired, "desired");
        this.uiExecutor = Objects.requireNonNull(uiExecutor, "uiExecutor");
        this.background = Objects.requireNonNull(background, "background");
        ModbusConnectionViewModel slave = new ModbusConnectionViewModel();
        testRead = new ModbusTestReadViewModel(agentId, slave, runs, texts, uiExecutor);
        testWrite = new ModbusTestWriteViewModel(agentId, slave, runs, texts, uiExecutor);
        SerialPortViewModel port = new SerialPortViewModel();
        serialRead = new SerialTestReadViewModel(agentId, port, runs, texts, uiExecutor);
        serialWrite = new SerialTestWriteViewModel(agentId, port, runs, texts, uiExecutor);
        live = new LiveValuesViewModel(liveValues, agentId, texts, clock);
        saveCollector = new SaveCollectorViewModel(testRead::task, testRead.formInputs(), agentId, desired,
                texts, uiExecutor, background, live::learnUnits);
        saveSerialCollector = new SaveCollectorViewModel(serialRead::task, serialRead.formInputs(), agentId,
                desired, texts, uiExecutor, background, live::learnUnits);
        agentId.addListener((property, old, agent) -> loadUnits(agent));
        // subscribe before the first read, so no change between the two is missed
        fleetSubscription = fleet.onAgentChanged(agent -> uiExecutor.execute(() -> agentChanged(agent)));
        fleet.agents().forEach(this::agentChanged);
    }

    /** Keeps the choices to the online agents; picks the first one while none is chosen. UI thread. */
    void agentChanged(AgentSnapshot agent) {
        agents.removeIf(choice -> choice.agentId().equals(agent.agentId()));
        if (agent.online()) {
            String name = agent.hostName() == null || agent.hostName().isBlank() ? agent.agentId() : agent.hostName();
            AgentChoice choice = new AgentChoice(agent.agentId(), name);
            int index = 0;
            while (index < agents.size() && BY_NAME.compare(agents.get(index), choice) < 0) {
                index++;
            }
            agents.add(index, choice);
            AgentChoice chosen = selectedAgent.get();
            if (chosen == null || chosen.agentId().equals(agent.agentId())) {
                selectedAgent.set(choice);
            }
        }
    }

    // the units of the collectors the agent gets, for the live values table
    private void loadUnits(String agent) {
        if (agent == null) {
            return;
        }
        background.execute(() -> {
            try {
                List<CollectorDefinition> collectors = desired.bundleFor(agent).collectors();
                uiExecutor.execute(() -> collectors.forEach(live::learnUnits));
            } catch (RuntimeException e) {
                LOG.warn("could not read the collectors of {} for their units", agent, e);
            }
        });
    }

    /** The online agents by name. */
    public ObservableList<AgentChoice> agents() {
        return agentsView;
    }

    /** The agent that reads and whose live values are shown; it stays chosen if it goes offline. */
    public ObjectProperty<AgentChoice> selectedAgentProperty() {
        return selectedAgent;
    }

    public ModbusTestReadViewModel testRead() {
        return testRead;
    }

    /** The Modbus test write, to the slave of the test read. */
    public ModbusTestWriteViewModel testWrite() {
        return testWrite;
    }

    public SerialTestReadViewModel serialRead() {
        return serialRead;
    }

    /** The serial test write, on the port of the serial test read. */
    public SerialTestWriteViewModel serialWrite() {
        return serialWrite;
    }

    /** Saves the register map as a collector. */
    public SaveCollectorViewModel saveCollector() {
        return saveCollector;
    }

    /** Saves the serial read as a collector. */
    public SaveCollectorViewModel saveSerialCollector() {
        return saveSerialCollector;
    }

    public LiveValuesViewModel live() {
        return live;
    }

    @Override
    public void close() {
        try {
            fleetSubscription.close();
        } catch (Exception e) {
            LOG.warn("could not unsubscribe from fleet changes", e);
        }
        testRead.close();
        testWrite.close();
        serialRead.close();
        serialWrite.close();
        live.close();
    }
}
