package io.taskrunner.console.viewmodel;

import static io.taskrunner.console.viewmodel.InMemoryFleetService.agent;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.console.service.fleet.AgentConnectionStatus;
import io.taskrunner.console.service.fleet.AgentSnapshot;
import io.taskrunner.i18n.Language;
import io.taskrunner.i18n.LanguageSettings;
import io.taskrunner.i18n.Messages;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FleetViewModelTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T09:00:00Z"), ZoneOffset.UTC);

    private final LanguageSettings language = new LanguageSettings(Language.EN);
    private final InMemoryFleetService fleet = new InMemoryFleetService();
    private final LocalizedTexts texts = new LocalizedTexts(language, Runnable::run);
    private FleetViewModel viewModel;

    @AfterEach
    void tearDown() {
        if (viewModel != null) {
            viewModel.close();
        }
        texts.close();
    }

    private FleetViewModel create(Executor uiExecutor) {
        viewModel = new FleetViewModel(fleet, texts, uiExecutor, CLOCK);
        return viewModel;
    }

    @Test
    void rows_showKnownAgentsWithFormattedValues() {
        fleet.put(agent("a1", AgentConnectionStatus.ONLINE, "build-01", "Linux 6.1", 12.345, 50.0));
        fleet.put(agent("a2", AgentConnectionStatus.OFFLINE, null, "Windows 11", null, null));
        create(Runnable::run);

        assertThat(viewModel.rows()).extracting(AgentRowViewModel::name).containsExactly("build-01", "a2");
        AgentRowViewModel first = viewModel.rows().getFirst();
        assertThat(first.statusText().get()).isEqualTo("Online");
        assertThat(first.cpuText().get()).isEqualTo("12.3");
        assertThat(first.memoryText().get()).isEqualTo("50.0");
        assertThat(first.lastSeenText().get()).as("today: the time alone").startsWith("8:15:30").endsWith("AM");
        assertThat(first.tone().get()).isEqualTo(Tone.SUCCESS);
        AgentRowViewModel second = viewModel.rows().get(1);
        assertThat(second.statusText().get()).isEqualTo("Offline");
        assertThat(second.cpuText().get()).isEqualTo("—");
        assertThat(second.tone().get()).isEqualTo(Tone.NEUTRAL);
    }

    @Test
    void change_updatesTheSameRowInPlace() {
        fleet.put(agent("a1", AgentConnectionStatus.OFFLINE, "build-01", "Linux", null, null));
        create(Runnable::run);
        AgentRowViewModel row = viewModel.rows().getFirst();
        viewModel.selectedAgentProperty().set(row);

        fleet.put(agent("a1", AgentConnectionStatus.ONLINE, "build-01", "Linux", 3.0, 20.0));

        assertThat(viewModel.rows()).containsExactly(row);
        assertThat(row.status()).isEqualTo(AgentConnectionStatus.ONLINE);
        assertThat(row.statusText().get()).isEqualTo("Online");
        assertThat(row.cpuText().get()).isEqualTo("3.0");
        assertThat(viewModel.selectedAgentProperty().get()).isSameAs(row);
    }

    @Test
    void changes_reachTheRowsOnlyThroughTheUiExecutor() {
        Queue<Runnable> uiQueue = new ArrayDeque<>();
        create(uiQueue::add);

        fleet.put(agent("a1", AgentConnectionStatus.ONLINE, "build-01", "Linux", null, null));

        assertThat(viewModel.rows()).isEmpty();
        uiQueue.forEach(Runnable::run);
        assertThat(viewModel.rows()).hasSize(1);
    }

    @Test
    void searchText_filtersByNameOsVersionOrStatus() {
        fleet.put(agent("a1", AgentConnectionStatus.ONLINE, "build-01", "Linux", null, null));
        fleet.put(agent("a2", AgentConnectionStatus.OFFLINE, "office-pc", "Windows 11", null, null));
        create(Runnable::run);

        viewModel.searchTextProperty().set("WIND");
        assertThat(viewModel.visibleRows()).extracting(AgentRowViewModel::name).containsExactly("office-pc");
        viewModel.searchTextProperty().set("online");
        assertThat(viewModel.visibleRows()).extracting(AgentRowViewModel::name).containsExactly("build-01");
        viewModel.searchTextProperty().set("");
        assertThat(viewModel.visibleRows()).hasSize(2);

        // a row that changes so it no longer matches leaves the filtered list
        viewModel.searchTextProperty().set("online");
        fleet.put(agent("a1", AgentConnectionStatus.OFFLINE, "build-01", "Linux", null, null));
        assertThat(viewModel.visibleRows()).isEmpty();
    }

    @Test
    void summary_countsAgentsAndFollowsTheLanguage() {
        fleet.put(agent("a1", AgentConnectionStatus.ONLINE, "build-01", "Linux", null, null));
        fleet.put(agent("a2", AgentConnectionStatus.OFFLINE, "office-pc", "Windows 11", null, null));
        create(Runnable::run);
        assertThat(viewModel.summary().get()).isEqualTo("2 agents, 1 online");

        fleet.put(agent("a2", AgentConnectionStatus.ONLINE, "office-pc", "Windows 11", null, null));
        assertThat(viewModel.summary().get()).isEqualTo("2 agents, 2 online");

        language.setLanguage(Language.ZH_CN);
        assertThat(viewModel.summary().get()).isEqualTo(Messages.of(Language.ZH_CN).get("fleet.summary", 2, 2));
        assertThat(viewModel.summary().get()).isNotEqualTo("2 agents, 2 online");
        assertThat(viewModel.rows().getFirst().statusText().get()).isEqualTo("在线");

        language.setLanguage(Language.ZH_TW);
        assertThat(viewModel.rows().getFirst().statusText().get()).isEqualTo("線上");
    }

    @Test
    void canRunCommand_onlyForAnOnlineOrOfflineSelection() {
        fleet.put(agent("a1", AgentConnectionStatus.UNKNOWN, "new-box", null, null, null));
        create(Runnable::run);
        assertThat(viewModel.canRunCommand().get()).isFalse();

        viewModel.selectedAgentProperty().set(viewModel.rows().getFirst());
        assertThat(viewModel.canRunCommand().get()).as("unknown agent").isFalse();

        fleet.put(agent("a1", AgentConnectionStatus.OFFLINE, "new-box", null, null, null));
        assertThat(viewModel.canRunCommand().get()).as("offline: runs when it returns").isTrue();
        fleet.put(agent("a1", AgentConnectionStatus.ONLINE, "new-box", null, null, null));
        assertThat(viewModel.canRunCommand().get()).isTrue();
    }

    @Test
    void removeSelected_asksByName_removesTheAgentThroughTheService_andDropsItsRow() {
        fleet.put(agent("a1", AgentConnectionStatus.ONLINE, "build-01", "Linux 6.1", 12.0, 50.0));
        fleet.put(agent("a2", AgentConnectionStatus.ONLINE, "build-02", "Linux 6.1", 12.0, 50.0));
        viewModel = new FleetViewModel(fleet, texts, Runnable::run, Runnable::run, CLOCK);
        assertThat(viewModel.canRemove().get()).as("nothing selected").isFalse();
        viewModel.selectedAgentProperty().set(viewModel.rows().getFirst());

        assertThat(viewModel.canRemove().get()).isTrue();
        assertThat(viewModel.removeQuestion()).isEqualTo("Remove agent build-01 from the fleet?");
        viewModel.removeSelected();

        assertThat(fleet.agents()).extracting(AgentSnapshot::agentId).containsExactly("a2");
        assertThat(viewModel.rows()).extracting(AgentRowViewModel::agentId).containsExactly("a2");
        assertThat(viewModel.actionErrorProperty().get()).isEmpty();
    }

    @Test
    void removeSelected_whenTheServiceFails_showsWhyAndKeepsTheRow() {
        fleet.put(agent("a1", AgentConnectionStatus.ONLINE, "build-01", "Linux 6.1", 12.0, 50.0));
        InMemoryFleetService failing = new InMemoryFleetService() {
            @Override
            public boolean removeAgent(String agentId) {
                throw new IllegalStateException("database is closed");
            }
        };
        failing.put(fleet.agents().getFirst());
        viewModel = new FleetViewModel(failing, texts, Runnable::run, Runnable::run, CLOCK);
        viewModel.selectedAgentProperty().set(viewModel.rows().getFirst());

        viewModel.removeSelected();

        assertThat(viewModel.actionErrorProperty().get())
                .isEqualTo("Agent a1 could not be removed: database is closed");
        assertThat(viewModel.rows()).hasSize(1);
    }
}
