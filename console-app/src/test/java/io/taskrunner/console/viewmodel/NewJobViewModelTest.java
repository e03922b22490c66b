package io.taskrunner.console.viewmodel;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.console.service.desired.Target;
import io.taskrunner.console.service.fleet.AgentConnectionStatus;
import io.taskrunner.console.service.jobs.AbortRule;
import io.taskrunner.console.service.jobs.JobSnapshot;
import io.taskrunner.console.service.jobs.JobSpec;
import io.taskrunner.console.service.jobs.Rollout;
import io.taskrunner.i18n.Language;
import io.taskrunner.i18n.LanguageSettings;
import io.taskrunner.protocol.definition.CommandTask;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.ParameterType;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.definition.TimeWindow;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The new-job form builds the job spec, shows its checks inline, and counts the agents its targets match. */
class NewJobViewModelTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T09:00:00Z"), ZoneId.of("Asia/Shanghai"));
    private static final TaskDefinition UPDATE = TaskDefinition.of("update",
            new CommandTask("apt-get", List.of("install", "-y", "${pkg}"))).withParameters(List.of(
            ParameterSpec.of("pkg", ParameterType.STRING, true), ParameterSpec.of("reboot", ParameterType.BOOL, false),
            ParameterSpec.of("retries", ParameterType.INT, false)));

    private final LanguageSettings language = new LanguageSettings(Language.EN);
    private final InMemoryJobService jobs = new InMemoryJobService();
    private final InMemoryFleetService fleet = new InMemoryFleetService();
    private final InMemoryDesiredStateService desired = new InMemoryDesiredStateService();
    private final List<JobSnapshot> created = new ArrayList<>();
    private LocalizedTexts texts;
    private NewJobViewModel form;

    @BeforeEach
    void setUp() {
        texts = new LocalizedTexts(language, Runnable::run);
        desired.put(UPDATE);
        desired.put(TaskDefinition.of("backup", new CommandTask("backup.sh", List.of())));
        for (String id : List.of("press-1", "press-2", "office-1")) {
            fleet.put(InMemoryFleetService.agent(id, AgentConnectionStatus.ONLINE, "host-" + id, "Linux", 1.0, 2.0));
        }
        desired.setLabels("press-1", Set.of("presses"), Set.of("night"));
        desired.setLabels("press-2", Set.of("presses"), Set.of());
        desired.setLabels("offline-9", Set.of("presses"), Set.of("night"));
        form = new NewJobViewModel(jobs, fleet, desired, texts, Runnable::run, Runnable::run, CLOCK, created::add);
    }

    @AfterEach
    void tearDown() {
        texts.close();
    }

    @Test
    void choices_listTheStoredTasks_knownAgentsGroupsAndTags() {
        assertThat(form.tasks()).containsExactly("backup", "update");
        assertThat(form.targets().agents()).extracting(TargetChoice::text).containsExactly(
                "host-office-1 (office-1)", "host-press-1 (press-1)", "host-press-2 (press-2)", "offline-9");
        assertThat(form.targets().groups()).extracting(TargetChoice::text).containsExactly("presses");
        assertThat(form.targets().tags()).extracting(TargetChoice::text).containsExactly("night");
        assertThat(form.loadingProperty().get()).isFalse();
        assertThat(form.zoneProperty().get()).isEqualTo("Asia/Shanghai");
    }

    @Test
    void liveCount_followsTheTickedTargets_likeTheJobServiceResolvesThem() {
        JobTargetsViewModel targets = form.targets();
        assertThat(targets.matchText().get()).isEqualTo("Matches 0 agents now");

        tick(targets.groups(), "presses");
        assertThat(targets.matchCount().get()).as("press-1, press-2 and offline-9").isEqualTo(3);
        tick(targets.tags(), "night");
        tick(targets.agents(), "host-office-1 (office-1)");
        assertThat(targets.matchCount().get()).isEqualTo(4);
        assertThat(targets.matchText().get()).isEqualTo("Matches 4 agents now");

        targets.allAgentsProperty().set(true);
        assertThat(targets.matchCount().get()).isEqualTo(4);
        targets.allAgentsProperty().set(false);
        targets.groups().getFirst().selectedProperty().set(false);
        assertThat(targets.matchCount().get()).as("office-1 and the night tag").isEqualTo(3);
    }

    @Test
    void validation_namesWhatIsMissing_andCreateStaysDisabledUntilTheSpecIsValid() {
        assertThat(form.validationMessage().get()).isEqualTo("Choose the task the job runs.");
        assertThat(form.canCreate().get()).isFalse();

        form.taskProperty().set("update");
        assertThat(form.parameters()).extracting(JobParameterRow::name).containsExactly("pkg", "reboot", "retries");
        assertThat(form.parameters().get(1).choices()).containsExactly("true", "false");
        assertThat(form.validationMessage().get()).isEqualTo("Choose all agents, or at least one agent, group or tag.");

        form.targets().allAgentsProperty().set(true);
        assertThat(form.validationMessage().get()).isEqualTo("parameters.pkg: is required by task 'update'");
        assertThat(form.canCreate().get()).isFalse();

        form.parameters().getFirst().valueProperty().set("taskrunner-tools");
        assertThat(form.validationMessage().get()).isEmpty();
        assertThat(form.canCreate().get()).isTrue();

        form.parameters().get(2).valueProperty().set("three");
        assertThat(form.validationMessage().get()).startsWith("parameters.retries:");
        form.parameters().get(2).valueProperty().set("3");

        form.maxPerMinuteProperty().set("0");
        assertThat(form.validationMessage().get()).isEqualTo("rollout.maxPerMinute: must be between 1 and 10000, was 0");
        form.maxPerMinuteProperty().set("many");
        assertThat(form.validationMessage().get()).isEqualTo("rollout.maxPerMinute: 'many' is not a whole number");
        form.maxPerMinuteProperty().set("");

        form.startAtProperty().set("2025-03-02 22:00");
        form.endAtProperty().set("2025-03-02 21:00");
        assertThat(form.validationMessage().get()).startsWith("endAt: must be after startAt");
        form.endAtProperty().set("tomorrow");
        assertThat(form.validationMessage().get())
                .isEqualTo("endAt: 'tomorrow' is not a date and time like 2025-03-01 22:00");
        form.endAtProperty().set("");

        form.addWindow();
        form.windows().getFirst().toProperty().set("25:00");
        assertThat(form.validationMessage().get()).startsWith("maintenanceWindows[0].to:");
        form.removeWindow(form.windows().getFirst());

        form.zoneProperty().set("Mars/Olympus");
        assertThat(form.validationMessage().get()).startsWith("zone: unknown time zone 'Mars/Olympus'");
        form.zoneProperty().set("Asia/Shanghai");
        assertThat(form.canCreate().get()).isTrue();
    }

    @Test
    void everyPartOfTheForm_goesIntoTheSpec() {
        form.taskProperty().set("update");
        form.parameters().get(0).valueProperty().set("taskrunner-tools");
        form.parameters().get(1).valueProperty().set("true");
        form.parameters().get(2).valueProperty().set("2");
        tick(form.targets().groups(), "presses");
        tick(form.targets().agents(), "host-office-1 (office-1)");
        form.continuousProperty().set(true);
        form.exponentialProperty().set(true);
        form.baseRateProperty().set("5");
        form.factorProperty().set("1,5");
        form.raiseAfterProperty().set("20");
        form.raiseOnSuccessProperty().set(false);
        form.maxRateProperty().set("200");
        form.abortProperty().set(true);
        form.abortPercentProperty().set("12.5");
        form.abortMinimumProperty().set("40");
        form.timeoutSecondsProperty().set("900");
        form.retriesProperty().set("1");
        form.startAtProperty().set("2025-03-01 22:00");
        form.endAtProperty().set("2025-03-02 06:00");
        form.cancelAtEndProperty().set(true);
        form.addWindow();
        form.zoneProperty().set("Europe/Berlin");

        JobSpec spec = form.spec();

        assertThat(spec.task()).isEqualTo("update");
        assertThat(spec.definition()).isEqualTo(UPDATE);
        assertThat(spec.parameters()).isEqualTo(Map.of("pkg", "taskrunner-tools", "reboot", true, "retries", 2L));
        assertThat(spec.targets()).containsExactly(Target.agent("office-1"), Target.group("presses"));
        assertThat(spec.targetMode()).isEqualTo(JobSpec.TargetMode.CONTINUOUS);
        assertThat(spec.rollout()).isEqualTo(Rollout.exponentialAfterNotified(5, 1.5, 20, 200));
        assertThat(spec.abort()).isEqualTo(new AbortRule(12.5, 40));
        assertThat(spec.inProgressTimeoutSeconds()).isEqualTo(900);
        assertThat(spec.maxRetries()).isEqualTo(1);
        assertThat(spec.startAt()).isEqualTo(Instant.parse("2025-03-01T21:00:00Z"));
        assertThat(spec.endAt()).isEqualTo(Instant.parse("2025-03-02T05:00:00Z"));
        assertThat(spec.endBehaviour()).isEqualTo(JobSpec.EndBehaviour.CANCEL);
        assertThat(spec.maintenanceWindows()).containsExactly(new TimeWindow(List.of(), "22:00", "05:00"));
        assertThat(spec.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    }

    @Test
    void defaults_makeAFixedRateSnapshotJobWithoutLimits() {
        form.taskProperty().set("backup");
        assertThat(form.noParameters().get()).isTrue();
        form.targets().allAgentsProperty().set(true);

        JobSpec spec = form.spec();

        assertThat(spec.targets()).containsExactly(Target.ALL);
        assertThat(spec.rollout()).isEqualTo(Rollout.fixed(Rollout.MAX_RATE_PER_MINUTE));
        assertThat(spec.abort()).isNull();
        assertThat(spec.startAt()).isNull();
        assertThat(spec.endBehaviour()).isEqualTo(JobSpec.EndBehaviour.STOP_ROLLOUT);
    }

    @Test
    void create_storesTheJobOnce_andReportsAFailureInline() {
        form.taskProperty().set("backup");
        tick(form.targets().agents(), "offline-9");
        jobs.failure = new IllegalStateException("disk full");

        assertThat(form.create()).isTrue();
        assertThat(form.createErrorText().get()).isEqualTo("Could not create the job: disk full");
        assertThat(form.doneProperty().get()).isFalse();
        assertThat(created).isEmpty();

        assertThat(form.create()).isTrue();
        assertThat(form.doneProperty().get()).isTrue();
        assertThat(form.createErrorText().get()).isEmpty();
        assertThat(jobs.created).singleElement().satisfies(spec ->
                assertThat(spec.targets()).containsExactly(Target.agent("offline-9")));
        assertThat(created).hasSize(1);
        assertThat(form.canCreate().get()).as("one job per wizard").isFalse();
        assertThat(form.create()).isFalse();
    }

    private static void tick(List<TargetChoice> choices, String text) {
        choices.stream().filter(choice -> choice.text().equals(text)).findFirst().orElseThrow()
                .selectedProperty().set(true);
    }
}
