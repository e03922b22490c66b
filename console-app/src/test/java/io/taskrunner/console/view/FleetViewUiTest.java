package io.taskrunner.console.view;

import static io.taskrunner.console.viewmodel.InMemoryFleetService.agent;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.console.core.ConsoleInfo;
import io.taskrunner.console.core.ConsoleServices;
import io.taskrunner.console.service.fleet.AgentConnectionStatus;
import io.taskrunner.console.service.fleet.AgentSnapshot;
import io.taskrunner.console.ui.FxUiExecutor;
import io.taskrunner.console.viewmodel.AgentRowViewModel;
import io.taskrunner.console.viewmodel.InMemoryFleetService;
import io.taskrunner.console.viewmodel.InMemoryRunService;
import io.taskrunner.console.viewmodel.MainViewModel;
import io.taskrunner.i18n.Language;
import io.taskrunner.i18n.LanguageSettings;
import io.taskrunner.i18n.Messages;
import io.taskrunner.protocol.message.RunState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The fleet table follows agent changes and the whole window re-renders when the language is switched. */
class FleetViewUiTest extends FxRobot {
    static {
        HeadlessFx.configure();
    }

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T09:00:00Z"), ZoneOffset.UTC);

    private final InMemoryFleetService fleet = new InMemoryFleetService();
    private final InMemoryRunService runs = new InMemoryRunService().completeStartsAtOnce();
    private final LanguageSettings language = new LanguageSettings(Language.EN);
    private MainViewModel viewModel;
    private Stage stage;

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
        WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(ConsoleTheme::installTheme));
    }

    @BeforeEach
    void showConsole() throws Exception {
        ConsoleServices services = new ConsoleServices(fleet, runs, language,
                new ConsoleInfo(Path.of("/var/lib/taskrunner-console"), "console.example.lan", 8883, "0.1.0"));
        stage = FxToolkit.setupStage(primary -> {
            viewModel = new MainViewModel(services, new FxUiExecutor(), CLOCK);
            Scene scene = new Scene(new MainView(viewModel), 1200, 760);
            ConsoleTheme.style(scene);
            primary.setScene(scene);
            primary.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void closeConsole() throws Exception {
        FxToolkit.cleanupStages();
        onFx(() -> {
            viewModel.close();
            return null;
        });
    }

    @Test
    void agentComingOnline_showsOnlineInItsRow_andLanguageSwitchRerendersTheWindow() throws Exception {
        fromTransportThread(agent("agent-7", AgentConnectionStatus.OFFLINE, "press-line-07", "Windows 11 IoT",
                null, null));
        waitUntil(() -> statusTexts().equals(List.of("Offline")));
        assertThat(onFx(() -> table().getItems().size())).isEqualTo(1);

        fromTransportThread(agent("agent-7", AgentConnectionStatus.ONLINE, "press-line-07", "Windows 11 IoT",
                23.46, 61.25));
        fromTransportThread(agent("agent-2", AgentConnectionStatus.ONLINE, "build-server-02", "Ubuntu 24.04 LTS",
                4.0, 38.5));
        fromTransportThread(agent("agent-3", AgentConnectionStatus.OFFLINE, "scale-gw-03", "Debian 12", null,
                null));
        fromTransportThread(new AgentSnapshot("agent-4", AgentConnectionStatus.ONLINE, "qa-win-04",
                "Windows Server 2022", "0.1.0", List.of(), 71.0, 80.4, null, Instant.parse("2025-02-27T17:42:10Z")));
        waitUntil(() -> statusTexts().size() == 4);
        assertThat(cellTexts("press-line-07")).contains("Online", "23.5", "61.3", "Windows 11 IoT");
        assertThat(onFx(() -> lookup("#fleet-summary").queryAs(Label.class).getText()))
                .isEqualTo("4 agents, 3 online");
        screenshot("fleet-en");

        chooseLanguage(Language.ZH_CN);
        screenshot("settings-zh_CN");
        clickOn("#nav-fleet");
        assertWindowIn(Language.ZH_CN);
        screenshot("fleet-zh_CN");

        chooseLanguage(Language.ZH_TW);
        clickOn("#nav-fleet");
        assertWindowIn(Language.ZH_TW);
        screenshot("fleet-zh_TW");
    }

    @Test
    void selectedRow_staysSelectedWhenItsAgentChanges() throws Exception {
        fromTransportThread(agent("agent-1", AgentConnectionStatus.OFFLINE, "alpha", "Linux", null, null));
        fromTransportThread(agent("agent-2", AgentConnectionStatus.ONLINE, "beta", "Linux", 1.0, 2.0));
        waitUntil(() -> statusTexts().size() == 2);
        assertThat(onFx(() -> lookup("#fleet-run-button").query().isDisabled())).isTrue();

        clickOn("alpha");
        assertThat(onFx(() -> lookup("#fleet-run-button").query().isDisabled())).isFalse();

        fromTransportThread(agent("agent-1", AgentConnectionStatus.ONLINE, "alpha", "Linux", 9.0, 9.0));
        waitUntil(() -> cellTexts("alpha").contains("Online"));
        assertThat(onFx(() -> table().getSelectionModel().getSelectedItem().agentId())).isEqualTo("agent-1");
    }

    @Test
    void runDialog_sendsTheCommandAndStreamsTheOutputOfItsRun() throws Exception {
        fromTransportThread(agent("agent-2", AgentConnectionStatus.ONLINE, "build-server-02", "Ubuntu 24.04 LTS",
                4.0, 38.5));
        waitUntil(() -> statusTexts().size() == 1);

        doubleClickOn("build-server-02");
        waitUntil(() -> lookup("#run-command-field").tryQuery().isPresent());
        clickOn("#run-command-field").write("echo \"hello world\"");
        clickOn("#run-start-button");

        waitUntil(() -> runs.requests.size() == 1);
        assertThat(runs.requests.getFirst().argv()).containsExactly("echo", "hello world");
        UUID id = runs.lastRunId();
        CompletableFuture.runAsync(() -> {
            runs.state(id, RunState.RUNNING, null, null);
            runs.output(id, "hello world\n");
            runs.output(UUID.randomUUID(), "output of another run\n");
            runs.output(id, "done\n");
            runs.state(id, RunState.SUCCEEDED, 0, 1_234L);
        }).join();

        waitUntil(() -> "hello world\ndone\n".equals(lookup("#run-output").queryTextInputControl().getText()));
        waitUntil(() -> lookup("#run-result").queryLabeled().getText().contains("Succeeded"));
        assertThat(onFx(() -> lookup("#run-result").queryLabeled().getText()))
                .isEqualTo("Succeeded  ·  Exit code 0  ·  Duration 1.2 s");
        WaitForAsyncUtils.waitForFxEvents();
        Path dialog = onFx(() -> Screenshots.save(lookup("#run-output").query().getScene(), "run-dialog-en"));
        assertThat(dialog).exists();

        clickOn("#run-close-button");
        clickOn("#nav-runs");
        waitUntil(() -> lookup("#runs-table .badge").queryAll().stream()
                .anyMatch(node -> "Succeeded".equals(((Labeled) node).getText())));
        screenshot("runs-en");
    }

    private void chooseLanguage(Language target) throws Exception {
        clickOn("#nav-settings");
        clickOn("#settings-language");
        clickOn(Messages.of(target).get(target.nativeNameKey()));
        waitUntil(() -> lookup("#settings-language").queryAs(ComboBox.class).getValue() == target);
    }

    private void assertWindowIn(Language target) throws Exception {
        Messages messages = Messages.of(target);
        waitUntil(() -> headerTexts().contains(messages.get("fleet.column.status")));
        assertThat(onFx(() -> lookup("#nav-fleet").queryLabeled().getText())).isEqualTo(messages.get("nav.fleet"));
        assertThat(onFx(() -> lookup("#nav-settings").queryLabeled().getText()))
                .isEqualTo(messages.get("nav.settings"));
        assertThat(onFx(this::headerTexts)).contains(messages.get("fleet.column.name"),
                messages.get("fleet.column.lastSeen"), messages.get("fleet.column.memory"));
        assertThat(onFx(this::statusTexts)).contains(messages.get("status.online"), messages.get("status.offline"));
        assertThat(onFx(() -> lookup("#fleet-summary").queryAs(Label.class).getText()))
                .isEqualTo(messages.get("fleet.summary", 4, 3));
        assertThat(onFx(() -> lookup("#fleet-run-button").queryLabeled().getText()))
                .isEqualTo(messages.get("fleet.action.runCommand"));
        assertThat(onFx(() -> lookup("#status-agents").queryLabeled().getText()))
                .isEqualTo(messages.get("console.status.agentsOnline", 3));
        assertThat(onFx(this::brandTitle)).isEqualTo(messages.get("app.title"));
    }

    private String brandTitle() {
        return lookup(".brand-title").queryLabeled().getText();
    }

    private void fromTransportThread(AgentSnapshot snapshot) {
        CompletableFuture.runAsync(() -> fleet.put(snapshot)).join();
    }

    @SuppressWarnings("unchecked")
    private TableView<AgentRowViewModel> table() {
        return lookup("#fleet-table").queryAs(TableView.class);
    }

    /** The status badges the table shows, top to bottom. */
    private List<String> statusTexts() {
        return lookup("#fleet-table .badge").queryAll().stream().filter(Node::isVisible)
                .map(node -> ((Labeled) node).getText()).filter(Objects::nonNull).toList();
    }

    private List<String> headerTexts() {
        return lookup("#fleet-table .column-header .label").queryAll().stream()
                .map(node -> ((Labeled) node).getText()).toList();
    }

    /** The texts of the row whose name cell says {@code name}. */
    private List<String> cellTexts(String name) throws Exception {
        return onFx(() -> lookup(".table-row-cell").queryAll().stream()
                .filter(row -> row.lookupAll(".table-cell").stream()
                        .anyMatch(cell -> name.equals(((Labeled) cell).getText())))
                .flatMap(row -> Stream.concat(row.lookupAll(".table-cell").stream(),
                        row.lookupAll(".badge").stream()))
                .map(node -> ((Labeled) node).getText()).filter(Objects::nonNull).toList());
    }

    private void screenshot(String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Path file = onFx(() -> Screenshots.save(stage.getScene(), name));
        assertThat(file).exists();
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> onFx(condition));
    }

    private static <T> T onFx(Callable<T> callable) throws Exception {
        return WaitForAsyncUtils.asyncFx(callable).get(10, TimeUnit.SECONDS);
    }
}
