package io.taskrunner.console.view;

import static io.taskrunner.console.viewmodel.InMemoryFleetService.agent;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.console.service.fleet.AgentConnectionStatus;
import io.taskrunner.console.service.fleet.AgentSnapshot;
import io.taskrunner.console.viewmodel.AgentRowViewModel;
import io.taskrunner.console.viewmodel.InMemoryFleetService;
import io.taskrunner.console.viewmodel.InMemoryRunService;
import io.taskrunner.i18n.Language;
import io.taskrunner.i18n.Messages;
import io.taskrunner.protocol.message.RunState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/** The fleet table follows agent changes and the whole window re-renders when the language is switched. */
class FleetViewUiTest extends ConsoleWindowUiTest {

    FleetViewUiTest() {
        super(new InMemoryRunService().completeStartsAtOnce());
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
    void removingAnAgent_asksFirst_thenDropsItsRow() throws Exception {
        fromTransportThread(agent("agent-1", AgentConnectionStatus.ONLINE, "alpha", "Linux", 1.0, 2.0));
        fromTransportThread(agent("agent-2", AgentConnectionStatus.ONLINE, "beta", "Linux", 1.0, 2.0));
        waitUntil(() -> statusTexts().size() == 2);
        assertThat(onFx(() -> lookup("#fleet-remove-button").query().isDisabled())).isTrue();

        clickOn("alpha");
        clickOn("#fleet-remove-button");
        waitUntil(() -> lookup("#fleet-remove-confirmation").tryQuery().isPresent());
        assertThat(onFx(() -> lookup("#fleet-remove-confirmation").queryAs(javafx.scene.control.DialogPane.class)
                .getHeaderText())).isEqualTo("Remove agent alpha from the fleet?");
        assertThat(statusTexts()).as("nothing removed before the answer").hasSize(2);
        clickOn("#fleet-remove-confirm");

        waitUntil(() -> statusTexts().size() == 1);
        assertThat(cellTexts("beta")).contains("Online");
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
}
