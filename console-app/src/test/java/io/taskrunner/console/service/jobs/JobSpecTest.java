package io.taskrunner.console.service.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.console.service.desired.Target;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.definition.CommandTask;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.ParameterType;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.definition.TimeWindow;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A job spec's checks name the field; stored as JSON it reads back equal. */
class JobSpecTest {
    private static final TaskDefinition GREET = TaskDefinition.of("greet",
            new CommandTask("echo", List.of("hello ${who}"))).withParameters(List.of(
                    ParameterSpec.of("who", ParameterType.STRING, true)));
    private static final JobSpec BASE = JobSpec.of("greet", GREET, Map.of("who", "world"), List.of(Target.ALL));

    @Test
    void badInput_isRefusedNamingTheField() {
        assertThatThrownBy(() -> JobSpec.of("greet", null, Map.of(), List.of()))
                .hasMessageStartingWith("targets: give 1 to");
        assertThatThrownBy(() -> JobSpec.of("greet", GREET, Map.of(), List.of(Target.ALL)))
                .hasMessageStartingWith("parameters.who:");
        assertThatThrownBy(() -> BASE.withRollout(Rollout.fixed(0)))
                .hasMessage("rollout.maxPerMinute: must be between 1 and 10000, was 0");
        assertThatThrownBy(() -> Rollout.exponentialAfterNotified(10, 1.0, 5, 100))
                .hasMessageStartingWith("rollout.incrementFactor:");
        assertThatThrownBy(() -> new Rollout(Rollout.Kind.EXPONENTIAL, 10, 2, 5, 5, 100))
                .hasMessageStartingWith("rollout.raiseAfterNotified: give exactly one");
        assertThatThrownBy(() -> Rollout.exponentialAfterSucceeded(10, 2, 5, 5))
                .hasMessage("rollout.maxRatePerMinute: must be between 10 and 10000, was 5");
        assertThatThrownBy(() -> new AbortRule(100, 5)).hasMessageStartingWith("abort.failureSharePercent:");
        assertThatThrownBy(() -> new AbortRule(10, 0)).hasMessageStartingWith("abort.minExecutions:");
        assertThatThrownBy(() -> BASE.withTimeoutAndRetries(-1, 0))
                .hasMessageStartingWith("inProgressTimeoutSeconds:");
        assertThatThrownBy(() -> BASE.withTimeoutAndRetries(0, 11)).hasMessageStartingWith("maxRetries:");
        Instant at = Instant.parse("2026-11-23T01:00:00Z");
        assertThatThrownBy(() -> BASE.withSchedule(at, at, JobSpec.EndBehaviour.CANCEL))
                .hasMessageStartingWith("endAt: must be after startAt");
        assertThatThrownBy(() -> JobSpec.of("bad name!", null, Map.of(), List.of(Target.ALL)))
                .hasMessageStartingWith("task");
    }

    @Test
    void storedAsJson_readsBackEqual() {
        JobSpec spec = BASE.withTargets(List.of(Target.group("presses"), Target.tag("night"), Target.agent("a-1")),
                JobSpec.TargetMode.CONTINUOUS).withRollout(Rollout.exponentialAfterSucceeded(5, 1.5, 10, 50))
                .withAbort(new AbortRule(12.5, 20)).withTimeoutAndRetries(600, 2)
                .withSchedule(Instant.parse("2026-11-23T01:00:00Z"), Instant.parse("2026-11-24T01:00:00Z"),
                        JobSpec.EndBehaviour.CANCEL)
                .withMaintenanceWindows(List.of(new TimeWindow(List.of(DayOfWeek.SATURDAY), "22:00", "04:00")),
                        ZoneId.of("Europe/Berlin"));
        JobSpecJson json = new JobSpecJson(new MessageCodec());

        assertThat(json.read(json.write(spec))).isEqualTo(spec);
        assertThat(json.read(json.write(JobSpec.of("greet", null, Map.of("n", 1, "on", true), List.of(Target.ALL)))))
                .isEqualTo(JobSpec.of("greet", null, Map.of("n", 1, "on", true), List.of(Target.ALL)));
    }
}
