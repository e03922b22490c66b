package io.taskrunner.console.viewmodel;

import static io.taskrunner.console.viewmodel.InMemoryFleetService.agent;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.console.service.desired.AgentChange;
import io.taskrunner.console.service.field.LiveValues;
import io.taskrunner.console.service.fleet.AgentConnectionStatus;
import io.taskrunner.i18n.Language;
import io.taskrunner.i18n.LanguageSettings;
import io.taskrunner.protocol.definition.ModbusReadTask;
import io.taskrunner.protocol.definition.collector.CollectorDefinition;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SaveCollectorViewModelTest {
    private final LanguageSettings language = new LanguageSettings(Language.EN);
    private final InMemoryFleetService fleet = new InMemoryFleetService();
    private final InMemoryDesiredStateService desired = new InMemoryDesiredStateService();
    private final List<Runnable> background = new ArrayList<>();
    private LocalizedTexts texts;
    private FieldDevicesViewModel field;
    private SaveCollectorViewModel save;

    @BeforeEach
    void setUp() {
        fleet.put(agent("agent-1", AgentConnectionStatus.ONLINE, "press-01", "Linux", 5.0, 40.0));
        texts = new LocalizedTexts(language, Runnable::run);
        field = new FieldDevicesViewModel(fleet, new InMemoryRunService(), desired, new LiveValues(), texts,
                Runnable::run, background::add, Clock.systemUTC());
        background.clear(); // the units of the chosen agent's collectors; none here
        field.testRead().hostProperty().set("10.0.0.5");
        field.testRead().map().rows().getFirst().nameProperty().set("pressure");
        field.testRead().map().rows().getFirst().unitProperty().set("bar");
        save = field.saveCollector();
    }

    @AfterEach
    void tearDown() {
        field.close();
        texts.close();
    }

    @Test
    void save_storesAssignsToTheChosenAgent_andDeploysOffTheUiThread() {
        assertThat(save.canSave().get()).as("no name yet").isFalse();
        save.nameProperty().set("press_line_1");
        save.everyProperty().set("PT0.5S");
        desired.deployResult = List.of(new AgentChange("agent-1", true, List.of("collector/press_line_1"), List.of(),
                List.of(), null), new AgentChange("agent-2", false, List.of(), List.of(), List.of(), null));
        assertThat(save.canSave().get()).isTrue();

        assertThat(save.save()).isTrue();

        assertThat(save.savingProperty().get()).isTrue();
        assertThat(save.canSave().get()).isFalse();
        assertThat(desired.calls).as("nothing stored on the UI thread").isEmpty();
        background.removeFirst().run();

        assertThat(desired.calls).containsExactly("put", "assign", "deploy");
        CollectorDefinition stored = (CollectorDefinition) desired.stored.getFirst();
        assertThat(stored.name()).isEqualTo("press_line_1");
        assertThat(stored.every()).isEqualTo("PT0.5S");
        assertThat(stored.spec()).isEqualTo(field.testRead().task());
        assertThat(((ModbusReadTask) stored.spec()).host()).isEqualTo("10.0.0.5");
        assertThat(desired.assignments).containsExactly("collector/press_line_1 -> agent:agent-1");
        assertThat(save.savingProperty().get()).isFalse();
        assertThat(save.resultProperty().get()).isEqualTo("Collector press_line_1 saved and deployed to 1 agent.");
        assertThat(save.resultToneProperty().get()).isEqualTo(Tone.SUCCESS);
    }

    @Test
    void allAgents_assignsToEveryAgent() {
        save.nameProperty().set("press");
        save.allAgentsProperty().set(true);
        save.save();
        background.removeFirst().run();
        assertThat(desired.assignments).containsExactly("collector/press -> all:*");
        assertThat(save.resultProperty().get()).isEqualTo("Collector press saved and deployed to no agent (nothing"
                + " changed).");
    }

    @Test
    void badNameOrInterval_isShown_andCannotBeSaved() {
        save.nameProperty().set("press line");
        assertThat(save.validationMessage().get()).startsWith("name: ");
        assertThat(save.canSave().get()).isFalse();
        save.nameProperty().set("press");
        save.everyProperty().set("1s");
        assertThat(save.validationMessage().get())
                .isEqualTo("every: '1s' is not an ISO-8601 duration like PT1S, PT0.5S or PT5M");
        assertThat(save.save()).isFalse();
        assertThat(background).isEmpty();
    }

    @Test
    void anInvalidMap_disablesSaving_withoutRepeatingTheMapsMessage() {
        save.nameProperty().set("press");
        field.testRead().map().rows().getFirst().addressProperty().set("-1");
        assertThat(save.canSave().get()).isFalse();
        assertThat(save.validationMessage().get()).isEmpty();
    }

    @Test
    void failedDeploy_andAgentProblems_areReported() {
        save.nameProperty().set("press");
        desired.deployFailure = new IllegalStateException("the broker is not reachable");
        save.save();
        background.removeFirst().run();
        assertThat(save.resultProperty().get()).isEqualTo("Collector press was not saved: the broker is not reachable");
        assertThat(save.resultToneProperty().get()).isEqualTo(Tone.DANGER);

        desired.deployFailure = null;
        desired.deployResult = List.of(new AgentChange("agent-1", true, List.of(), List.of(), List.of(),
                "trigger t names task x, which it does not get"));
        save.save();
        background.removeFirst().run();
        assertThat(save.resultProperty().get()).isEqualTo(
                "Collector press saved, but agent-1 cannot get it: trigger t names task x, which it does not get");
        assertThat(save.resultToneProperty().get()).isEqualTo(Tone.WARNING);
    }
}
