package io.taskrunner.console.viewmodel;

import io.taskrunner.console.core.ConsoleServices;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The console window: which section is shown, the status bar, and the view-models of the sections. Owns the
 * {@link LocalizedTexts} all of them share; {@link #close()} ends every subscription to the services.
 */
public final class MainViewModel implements AutoCloseable {
    private final ConsoleServices services;
    private final Executor uiExecutor;
    private final LocalizedTexts texts;
    private final ObjectProperty<Section> selectedSection = new SimpleObjectProperty<>(this, "section", Section.FLEET);
    private final FleetViewModel fleet;
    private final RunsViewModel runs;
    private final SettingsViewModel settings;
    private final FieldDevicesViewModel field;
    private final JobsViewModel jobs;
    private final ExecutorService background = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("console-ui-background-", 0).factory());
    /** Paces coalesced updates; the paced work itself runs on {@link #background}. */
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("console-ui-pacer").daemon().factory());
    private final StringBinding brokerStatus;
    private final StringBinding agentsOnline;

    /**
     * @param uiExecutor where service callbacks are handed to the UI: the JavaFX thread in the application, the
     *                   calling thread in tests
     */
    public MainViewModel(ConsoleServices services, Executor uiExecutor, Clock clock) {
        this.services = Objects.requireNonNull(services, "services");
        this.uiExecutor = Objects.requireNonNull(uiExecutor, "uiExecutor");
        this.texts = new LocalizedTexts(services.language(), uiExecutor);
        this.fleet = new FleetViewModel(services.fleet(), texts, uiExecutor, clock);
        this.runs = new RunsViewModel(services.runs(), fleet::agentName, texts, uiExecutor, clock);
        this.settings = new SettingsViewModel(texts, services.info());
        this.field = new FieldDevicesViewModel(services.fleet(), services.runs(), services.desired(),
                services.liveValues(), texts, uiExecutor, background, clock);
        this.jobs = new JobsViewModel(services.jobs(), services.fleet(), services.desired(), fleet::agentName, texts,
                uiExecutor, background, this::later, clock);
        this.brokerStatus = texts.compute(
                messages -> messages.get("console.status.brokerRunning", services.info().brokerPort()));
        this.agentsOnline = texts.compute(
                messages -> messages.get("console.status.agentsOnline", fleet.onlineCount().get()),
                fleet.onlineCount());
    }

    /** A new view-model for running a command on {@code agentId}; the caller closes it with its dialog. */
    public RunCommandViewModel runCommand(String agentId) {
        return new RunCommandViewModel(agentId, services.runs(), services.fleet(), texts, uiExecutor);
    }

    public LocalizedTexts texts() {
        return texts;
    }

    public ObjectProperty<Section> selectedSectionProperty() {
        return selectedSection;
    }

    public FleetViewModel fleet() {
        return fleet;
    }

    public RunsViewModel runs() {
        return runs;
    }

    public JobsViewModel jobs() {
        return jobs;
    }

    private void later(Duration delay, Runnable task) {
        pacer.schedule(() -> background.execute(task), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    public FieldDevicesViewModel field() {
        return field;
    }

    public SettingsViewModel settings() {
        return settings;
    }

    /** "Broker running on port 8883". */
    public StringBinding brokerStatus() {
        return brokerStatus;
    }

    /** "2 online". */
    public StringBinding agentsOnline() {
        return agentsOnline;
    }

    /** The console version for the sidebar footer. */
    public String version() {
        return Objects.requireNonNullElse(services.info().version(), "");
    }

    @Override
    public void close() {
        fleet.close();
        runs.close();
        field.close();
        jobs.close();
        texts.close();
        pacer.shutdownNow();
        background.shutdown();
    }
}
