package io.taskrunner.console.viewmodel;

import static io.taskrunner.console.viewmodel.InMemoryFleetService.agent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.taskrunner.console.service.field.LiveValues;
import io.taskrunner.console.service.fleet.AgentConnectionStatus;
import io.taskrunner.i18n.Language;
import io.taskrunner.i18n.LanguageSettings;
import io.taskrunner.protocol.definition.ModbusReadTask;
import io.taskrunner.protocol.definition.collector.CollectorDefinition;
import io.taskrunner.protocol.definition.field.ModbusFunction;
import io.taskrunner.protocol.definition.field.ModbusPoint;
import io.taskrunner.protocol.message.CollectorValues;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import javafx.collections.ListChangeListener;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LiveValuesViewModelTest {
    private static final Instant T0 = Instant.parse("2025-03-01T09:00:00Z");

    private final LanguageSettings language = new LanguageSettings(Language.EN);
    private final InMemoryFleetService fleet = new InMemoryFleetService();
    private final LiveValues liveValues = new LiveValues();
    private LocalizedTexts texts;
    private FieldDevicesViewModel field;
    private LiveValuesViewModel live;

    @BeforeEach
    void setUp() {
        fleet.put(agent("agent-1", AgentConnectionStatus.ONLINE, "press-01", "Linux", 5.0, 40.0));
        fleet.put(agent("agent-2", AgentConnectionStatus.ONLINE, "press-02", "Linux", 5.0, 40.0));
        texts = new LocalizedTexts(language, Runnable::run);
        field = new FieldDevicesViewModel(fleet, new InMemoryRunService(), new InMemoryDesiredStateService(),
                liveValues, texts, Runnable::run, Runnable::run, Clock.fixed(T0.plusSeconds(30), ZoneOffset.UTC));
        live = field.live();
    }

    @AfterEach
    void tearDown() {
        field.close();
        texts.close();
    }

    @Test
    void readings_waitForFlush_andManyAreCoalescedIntoTheNewest() {
        List<ListChangeListener.Change<? extends LiveValueRow>> changes = new ArrayList<>();
        live.rows().addListener((ListChangeListener<LiveValueRow>) changes::add);

        // a fast collector on a transport thread: 500 readings before the UI applies any
        CompletableFuture.runAsync(() -> IntStream.range(0, 500).forEach(i -> push("agent-1", "press",
                T0.plusMillis(i), Map.of("pressure", i * 0.5, "running", true), null))).join();
        assertThat(live.rows()).as("nothing applied off the UI thread").isEmpty();

        assertThat(live.flush()).isEqualTo(1);

        assertThat(rows()).containsExactly(tuple("press", "pressure", "249.5", "OK"),
                tuple("press", "running", "On", "OK"));
        assertThat(changes).as("a handful of list changes for the whole burst, not one per reading")
                .hasSizeLessThan(10);
        assertThat(live.flush()).as("nothing new").isZero();
    }

    @Test
    void rows_areKeyedByCollectorAndName_andUpdatedInPlace() {
        push("agent-1", "press", T0, Map.of("pressure", 1.0), null);
        push("agent-1", "boiler", T0, Map.of("temperature", 80), null);
        live.flush();
        LiveValueRow pressure = live.rows().get(1);

        push("agent-1", "press", T0.plusSeconds(1), Map.of("pressure", 2.25), null);
        push("agent-2", "press", T0.plusSeconds(1), Map.of("pressure", 99.0), null);
        live.flush();

        assertThat(rows()).containsExactly(tuple("boiler", "temperature", "80", "OK"),
                tuple("press", "pressure", "2.25", "OK"));
        assertThat(live.rows().get(1)).isSameAs(pressure);
        assertThat(pressure.timeText().get()).isEqualTo(Formats.dateTime(T0.plusSeconds(1),
                Clock.fixed(T0, ZoneOffset.UTC), texts.messages())).contains("9:00:01");
    }

    @Test
    void failedPoll_keepsTheLastValue_andShowsTheErrorInRed() {
        push("agent-1", "press", T0, Map.of("pressure", 1.5), null);
        live.flush();
        push("agent-1", "press", T0.plusSeconds(1), Map.of(), "Modbus 10.0.0.5:502 unit 1: no answer within 3000 ms");
        push("agent-1", "scale", T0.plusSeconds(1), Map.of(), "serial COM3: no frame within 2000 ms");
        live.flush();

        assertThat(rows()).containsExactly(
                tuple("press", "pressure", "1.5", "Modbus 10.0.0.5:502 unit 1: no answer within 3000 ms"),
                tuple("scale", "", "", "serial COM3: no frame within 2000 ms"));
        assertThat(live.rows()).extracting(row -> row.tone().get()).containsOnly(Tone.DANGER);

        push("agent-1", "scale", T0.plusSeconds(2), Map.of("weight", 12.5), null);
        live.flush();
        assertThat(rows()).containsExactly(
                tuple("press", "pressure", "1.5", "Modbus 10.0.0.5:502 unit 1: no answer within 3000 ms"),
                tuple("scale", "weight", "12.5", "OK"));
    }

    @Test
    void choosingAnotherAgent_showsItsLatestValues() {
        push("agent-2", "press", T0, Map.of("pressure", 7.0), null);
        push("agent-1", "press", T0, Map.of("pressure", 1.0), null);
        field.selectedAgentProperty().set(field.agents().stream()
                .filter(choice -> choice.agentId().equals("agent-2")).findFirst().orElseThrow());
        live.flush();
        assertThat(rows()).containsExactly(tuple("press", "pressure", "7", "OK"));
    }

    @Test
    void selectedNumericValue_chartsItsHistory_andGrowsWithNewReadings() {
        for (int i = 0; i < 3; i++) {
            push("agent-1", "press", T0.plusSeconds(i), Map.of("pressure", 1.0 + i, "mode", "auto"), null);
        }
        live.flush();
        assertThat(live.chartTitle().get()).isEqualTo("Select a numeric value to see its recent history.");

        live.selectedProperty().set(row("pressure"));
        assertThat(live.chart()).containsExactly(new ChartPoint(T0, 1.0), new ChartPoint(T0.plusSeconds(1), 2.0),
                new ChartPoint(T0.plusSeconds(2), 3.0));
        assertThat(live.chartTitle().get()).isEqualTo("Recent history of press · pressure");

        push("agent-1", "press", T0.plusSeconds(3), Map.of("pressure", 4.0, "mode", "auto"), null);
        live.flush();
        assertThat(live.chart()).hasSize(4).last().isEqualTo(new ChartPoint(T0.plusSeconds(3), 4.0));

        live.selectedProperty().set(row("mode"));
        assertThat(live.chart()).isEmpty();
        assertThat(live.axisTime(T0.getEpochSecond() + 5)).isEqualTo("09:00:05");
    }

    @Test
    void unitsOfKnownCollectors_areShown() {
        push("agent-1", "press", T0, Map.of("pressure", 1.0, "count", 3), null);
        live.flush();
        live.learnUnits(CollectorDefinition.of("press", "PT1S", new ModbusReadTask("10.0.0.5", 0, null, 0, null,
                List.of(new ModbusPoint("pressure", ModbusFunction.HOLDING_REGISTERS, 0, null, 0, 0, null, null, 0.1,
                        null, "bar")))));
        assertThat(row("pressure").unitProperty().get()).isEqualTo("bar");
        assertThat(row("count").unitProperty().get()).isEmpty();
    }

    private void push(String agentId, String collector, Instant at, Map<String, Object> values, String error) {
        liveValues.accept(agentId, new CollectorValues(collector, new LinkedHashMap<>(values), error), at);
    }

    private LiveValueRow row(String name) {
        return live.rows().stream().filter(row -> row.name().equals(name)).findFirst().orElseThrow();
    }

    private List<Tuple> rows() {
        return live.rows().stream().map(row -> tuple(row.collector(), row.name(), row.valueText().get(),
                row.statusText().get())).toList();
    }
}
