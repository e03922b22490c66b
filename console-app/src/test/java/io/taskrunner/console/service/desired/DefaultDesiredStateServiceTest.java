package io.taskrunner.console.service.desired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.console.persistence.Database;
import io.taskrunner.console.service.fleet.AgentConnectionStatus;
import io.taskrunner.console.viewmodel.InMemoryFleetService;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.definition.CommandTask;
import io.taskrunner.protocol.definition.DefinitionSet;
import io.taskrunner.protocol.definition.TaskDefinition;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who gets which definition, against a real H2 file; publishing is covered by {@code DesiredStateIT}. */
class DefaultDesiredStateServiceTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T08:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private Database database;
    private final InMemoryFleetService fleet = new InMemoryFleetService();
    private DefaultDesiredStateService service;

    @BeforeEach
    void open() {
        database = Database.open(dir);
        for (String id : List.of("press-1", "press-2", "office-1")) {
            fleet.put(InMemoryFleetService.agent(id, AgentConnectionStatus.ONLINE, id, "Linux", 1.0, 2.0));
        }
        service = new DefaultDesiredStateService(database, fleet, null, new MessageCodec(), CLOCK);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void bundleFor_givesEachAgentWhatItsIdGroupsTagsOrEveryoneWasAssigned() {
        for (String name : List.of("for-all", "for-press-group", "for-night-tag", "for-office-1", "unassigned")) {
            service.put(task(name));
        }
        assertThat(service.names(DefinitionKind.TASK)).containsExactly("for-all", "for-night-tag", "for-office-1",
                "for-press-group", "unassigned");
        assertThat(service.names(DefinitionKind.COLLECTOR)).isEmpty();
        service.assign(DefinitionKind.TASK, "for-all", Target.ALL);
        service.assign(DefinitionKind.TASK, "for-press-group", Target.group("presses"));
        service.assign(DefinitionKind.TASK, "for-night-tag", Target.tag("night-shift"));
        service.assign(DefinitionKind.TASK, "for-office-1", Target.agent("office-1"));
        service.setLabels("press-1", Set.of("presses"), Set.of("night-shift"));
        service.setLabels("press-2", Set.of("presses"), Set.of());

        assertThat(names(service.bundleFor("press-1"))).containsExactly("for-all", "for-night-tag", "for-press-group");
        assertThat(names(service.bundleFor("press-2"))).containsExactly("for-all", "for-press-group");
        assertThat(names(service.bundleFor("office-1"))).containsExactly("for-all", "for-office-1");

        service.unassign(DefinitionKind.TASK, "for-press-group", Target.group("presses"));
        service.setLabels("press-1", Set.of(), Set.of());
        assertThat(names(service.bundleFor("press-1"))).containsExactly("for-all");
        assertThat(service.remove(DefinitionKind.TASK, "for-all")).isTrue();
        assertThat(names(service.bundleFor("press-2"))).isEmpty();
    }

    @Test
    void dryRun_beforeAnyDeploy_listsAddedDefinitionsPerAgent() {
        service.put(task("backup"));
        service.assign(DefinitionKind.TASK, "backup", Target.agent("press-2"));

        assertThat(service.dryRun()).filteredOn(AgentChange::changesSomething).singleElement().satisfies(change -> {
            assertThat(change.agentId()).isEqualTo("press-2");
            assertThat(change.added()).containsExactly("task/backup");
            assertThat(change.online()).isTrue();
        });
        assertThat(service.status()).allSatisfy(status -> assertThat(status.desiredVersion()).isZero());
    }

    @Test
    void setLabels_putsTheGroupsIntoTheDryRun_andIntoTheMembershipTheBrokerReads() {
        service.setLabels("press-1", Set.of("line1", "presses"), Set.of("night-shift"));

        assertThat(service.dryRun()).filteredOn(AgentChange::changesSomething).singleElement().satisfies(change -> {
            assertThat(change.agentId()).isEqualTo("press-1");
            assertThat(change.added()).containsExactly("group/line1", "group/presses");
        });
        assertThat(service.membership().groupsOf("press-1")).containsExactlyInAnyOrder("line1", "presses");
        assertThat(service.membership().hasMembers("line1")).isTrue();
        assertThat(service.membership().hasMembers("night-shift")).as("a tag is no group").isFalse();

        service.setLabels("press-1", Set.of(), Set.of());
        assertThat(service.membership().groupsOf("press-1")).isEmpty();
        assertThat(service.membership().hasMembers("line1")).isFalse();
        assertThat(GroupMembership.load(database).groupsOf("press-1")).isEmpty();
    }

    @Test
    void membership_loadedFromTheDatabase_knowsTheLabelledGroups() {
        service.setLabels("press-2", Set.of("line1"), Set.of());

        assertThat(GroupMembership.load(database).groupsOf("press-2")).containsExactly("line1");
    }

    @Test
    void nextFireTimes_ofAStoredSchedule_inTheAgentsZone_crossesDaylightSavingAsDocumented() {
        service.putJson(DefinitionKind.SCHEDULE, """
                {"name": "night-report", "task": "report", "cron": "0 30 2 * * ?"}""");
        Clock beforeSpringForward = Clock.fixed(Instant.parse("2026-03-27T12:00:00Z"), ZoneOffset.UTC);
        DefaultDesiredStateService atMarch = new DefaultDesiredStateService(database, fleet, null,
                new MessageCodec(), beforeSpringForward);

        List<java.time.ZonedDateTime> times = atMarch.nextFireTimes("night-report", ZoneId.of("Europe/Berlin"), 3);

        assertThat(times).extracting(Object::toString).containsExactly(
                "2026-03-28T02:30+01:00[Europe/Berlin]",
                "2026-03-29T03:00+02:00[Europe/Berlin]",
                "2026-03-30T02:30+02:00[Europe/Berlin]");
        assertThat(atMarch.nextFireTimes("night-report", ZoneId.of("Asia/Shanghai"), 1)).extracting(Object::toString)
                .containsExactly("2026-03-28T02:30+08:00[Asia/Shanghai]");
        assertThatThrownBy(() -> atMarch.nextFireTimes("missing", ZoneId.of("UTC"), 3))
                .hasMessage("name: there is no schedule named 'missing'");
    }

    @Test
    void badInput_isRefusedWithTheField() {
        assertThatThrownBy(() -> service.putJson(DefinitionKind.TASK, "{\"name\": \"x\", \"type\": \"command\", "
                + "\"spec\": {\"program\": \"true\"}, \"timeoutSeconds\": -5}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("task.timeoutSeconds");
        assertThatThrownBy(() -> service.putJson(DefinitionKind.TRIGGER, "{not json"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> service.assign(DefinitionKind.TASK, "missing", Target.ALL))
                .hasMessage("name: there is no task named 'missing'");
        service.put(task("backup"));
        assertThatThrownBy(() -> service.assign(DefinitionKind.TASK, "backup", Target.group("a/b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("group");
        assertThatThrownBy(() -> service.setLabels("press-1", Set.of("line#1"), Set.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("group");
    }

    private static TaskDefinition task(String name) {
        return TaskDefinition.of(name, new CommandTask("/bin/true", List.of()));
    }

    private static List<String> names(DefinitionSet set) {
        return set.tasks().stream().map(TaskDefinition::name).toList();
    }
}
