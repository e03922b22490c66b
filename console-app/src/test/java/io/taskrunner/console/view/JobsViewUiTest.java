package io.taskrunner.console.view;

import static io.taskrunner.console.viewmodel.InMemoryFleetService.agent;
import static io.taskrunner.console.viewmodel.InMemoryJobService.execution;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.console.service.desired.Target;
import io.taskrunner.console.service.fleet.AgentConnectionStatus;
import io.taskrunner.console.service.jobs.ExecutionState;
import io.taskrunner.console.service.jobs.JobSnapshot;
import io.taskrunner.console.viewmodel.InMemoryRunService;
import io.taskrunner.i18n.Language;
import io.taskrunner.i18n.Messages;
import io.taskrunner.protocol.definition.CommandTask;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.ParameterType;
import io.taskrunner.protocol.definition.TaskDefinition;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableView;
import javafx.scene.input.MouseButton;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/** Creating a job through the wizard, watching its executions arrive, and cancelling it. */
class JobsViewUiTest extends ConsoleWindowUiTest {

    JobsViewUiTest() {
        super(new InMemoryRunService());
    }

    @Test
    void jobCreatedInTheWizard_isListedWithProgress_followsItsExecutions_andCanBeCancelled() throws Exception {
        desired.put(TaskDefinition.of("update-tools", new CommandTask("apt-get", List.of("install", "${pkg}")))
                .withParameters(List.of(ParameterSpec.of("pkg", ParameterType.STRING, true))));
        CompletableFuture.runAsync(() -> {
            fleet.put(agent("agent-1", AgentConnectionStatus.ONLINE, "press-line-01", "Windows 11 IoT", 3.0, 40.0));
            fleet.put(agent("agent-2", AgentConnectionStatus.ONLINE, "press-line-02", "Windows 11 IoT", 5.0, 41.0));
            fleet.put(agent("agent-3", AgentConnectionStatus.OFFLINE, "scale-gw-03", "Debian 12", null, null));
        }).join();
        desired.setLabels("agent-3", Set.of("scales"), Set.of("night-shift"));

        clickOn("#nav-jobs");
        clickOn("#jobs-new-button");
        waitUntil(() -> lookup("#job-task").tryQuery().isPresent());
        assertThat(onFx(() -> lookup("#job-create-button").query().isDisabled())).isTrue();
        clickOn("#job-task");
        clickOn("update-tools");
        waitUntil(() -> lookup("#job-parameter-pkg").tryQuery().isPresent());
        waitUntil(() -> lookup("#job-validation").queryLabeled().getText()
                .equals("Choose all agents, or at least one agent, group or tag."));

        tick("#job-targets-agents .check-box", 0);
        tick("#job-targets-agents .check-box", 1);
        waitUntil(() -> "Matches 2 agents now".equals(lookup("#job-targets-count").queryLabeled().getText()));
        waitUntil(() -> lookup("#job-validation").queryLabeled().getText()
                .equals("parameters.pkg: is required by task 'update-tools'"));
        clickOn("#job-parameter-pkg").write("taskrunner-tools");
        tick("#job-targets-groups .check-box", 0);
        waitUntil(() -> "Matches 3 agents now".equals(lookup("#job-targets-count").queryLabeled().getText()));
        waitUntil(() -> !lookup("#job-create-button").query().isDisabled());
        wizardScreenshots();

        clickOn("#job-create-button");
        waitUntil(() -> lookup("#job-create-button").tryQuery().isEmpty());
        assertThat(jobs.created).singleElement().satisfies(spec -> {
            assertThat(spec.task()).isEqualTo("update-tools");
            assertThat(spec.parameters()).containsEntry("pkg", "taskrunner-tools");
            assertThat(spec.targets()).containsExactly(Target.agent("agent-1"), Target.agent("agent-2"),
                    Target.group("scales"));
        });
        JobSnapshot job = jobs.jobs().getFirst();
        waitUntil(() -> jobsTable().getItems().size() == 1 && jobsTable().getSelectionModel().getSelectedIndex() == 0);
        waitUntil(() -> lookup("#jobs-table .progress-bar").tryQuery().isPresent());
        waitUntil(() -> executionStates().equals(List.of("Queued", "Queued")));

        CompletableFuture.runAsync(() -> {
            jobs.execution(execution(job.jobId(), "agent-1", ExecutionState.IN_PROGRESS, 40, "copying packages"));
            jobs.execution(execution(job.jobId(), "agent-2", ExecutionState.SUCCEEDED, 100, null));
            jobs.execution(execution(job.jobId(), "agent-3", ExecutionState.SENT, null, null));
        }).join();
        waitUntil(() -> executionStates().equals(List.of("Running", "Succeeded", "Sent")));
        assertThat(onFx(() -> lookup("#job-executions-table").queryAs(TableView.class).getItems().size()))
                .isEqualTo(3);
        assertThat(onFx(this::executionTexts)).contains("press-line-01", "copying packages", "40 %");
        waitUntil(() -> "1/3".equals(lookup("#job-details-progress-text").queryLabeled().getText()));
        assertThat(onFx(() -> ((ProgressBar) lookup("#jobs-table .progress-bar").query()).getProgress()))
                .isEqualTo(1 / 3.0);
        assertThat(onFx(() -> lookup("#job-rerun-button").query().isDisabled())).isTrue();
        listScreenshots();

        clickOn("#job-cancel-button");
        waitUntil(() -> jobs.calls.contains("cancel " + job.jobId()));
        waitUntil(() -> jobBadges().equals(List.of("Cancelled")));
        waitUntil(() -> lookup("#job-cancel-button").query().isDisabled());
        assertThat(onFx(() -> lookup("#job-force-cancel-button").query().isDisabled()))
                .as("agent-1 still runs").isFalse();
    }

    /** Ticks the {@code index}th check box of a target list. */
    private void tick(String checkBoxes, int index) throws Exception {
        Node box = onFx(() -> lookup(checkBoxes).nth(index).query());
        clickOn(box, MouseButton.PRIMARY);
    }

    private void wizardScreenshots() throws Exception {
        saveWizard("jobs-wizard-en");
        for (Language target : List.of(Language.ZH_CN, Language.ZH_TW)) {
            CompletableFuture.runAsync(() -> language.setLanguage(target)).join();
            Messages messages = Messages.of(target);
            waitUntil(() -> messages.get("jobs.new.create").equals(lookup("#job-create-button").queryLabeled()
                    .getText()));
            saveWizard("jobs-wizard-" + target.name().replace("ZH_", "zh_"));
        }
        CompletableFuture.runAsync(() -> language.setLanguage(Language.EN)).join();
        waitUntil(() -> "Create job".equals(lookup("#job-create-button").queryLabeled().getText()));
    }

    private void saveWizard(String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(onFx(() -> Screenshots.save(lookup("#job-create-button").query().getScene(), name))).exists();
    }

    private void listScreenshots() throws Exception {
        screenshot("jobs-en");
        for (Language target : List.of(Language.ZH_CN, Language.ZH_TW)) {
            CompletableFuture.runAsync(() -> language.setLanguage(target)).join();
            Messages messages = Messages.of(target);
            waitUntil(() -> messages.get("jobs.action.cancel").equals(lookup("#job-cancel-button").queryLabeled()
                    .getText()));
            assertThat(onFx(() -> lookup("#nav-jobs").queryLabeled().getText())).isEqualTo(messages.get("nav.jobs"));
            screenshot("jobs-" + target.name().replace("ZH_", "zh_"));
        }
        CompletableFuture.runAsync(() -> language.setLanguage(Language.EN)).join();
        waitUntil(() -> "Cancel".equals(lookup("#job-cancel-button").queryLabeled().getText()));
    }

    @SuppressWarnings("unchecked")
    private TableView<Object> jobsTable() {
        return lookup("#jobs-table").queryAs(TableView.class);
    }

    private List<String> jobBadges() {
        return texts("#jobs-table .badge");
    }

    private List<String> executionStates() {
        return texts("#job-executions-table .badge");
    }

    private List<String> executionTexts() {
        return Stream.concat(texts("#job-executions-table .table-cell").stream(),
                texts("#job-executions-table .progress-text").stream()).toList();
    }

    private List<String> texts(String query) {
        return lookup(query).queryAll().stream().filter(Node::isVisible).filter(Labeled.class::isInstance)
                .map(node -> ((Labeled) node).getText()).filter(Objects::nonNull).toList();
    }
}
