package io.taskrunner.protocol.definition.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.codec.MessageCodec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The JSON of a schedule and the checks that name the wrong field. */
class ScheduleDefinitionTest {
    private final MessageCodec codec = new MessageCodec();

    private ScheduleDefinition read(String json) {
        return codec.readValue(json.getBytes(StandardCharsets.UTF_8), ScheduleDefinition.class, "schedules[0]");
    }

    @Test
    void read_ofAFullDefinition_keepsEveryFieldAndAppliesDefaults() throws Exception {
        ScheduleDefinition schedule = read("""
                {"name": "backup", "task": "db-backup", "parameters": {"db": "erp"},
                 "daily": {"times": ["02:30"], "days": ["SUNDAY"]}, "zone": "Europe/Berlin",
                 "startDate": "2026-01-01", "endDate": "2026-12-31", "splaySeconds": 300,
                 "windows": [{"from": "01:00", "to": "05:00"}], "blackouts": [{"days": ["SUNDAY"], "from": "04:00",
                 "to": "04:30"}], "misfire": "run-all", "misfireLimit": 3, "overlap": "queue", "unknownField": 1}
                """);

        assertThat(schedule.kind()).isEqualTo(ScheduleKind.DAILY);
        assertThat(schedule.misfire()).isEqualTo(MisfirePolicy.RUN_ALL);
        assertThat(schedule.overlap()).isEqualTo(OverlapPolicy.QUEUE);
        assertThat(schedule.parameters()).containsEntry("db", "erp");
        assertThat(schedule.isEnabled()).isTrue();
        String written = codec.mapper().writeValueAsString(schedule);
        assertThat(written).contains("\"misfire\":\"run-all\"", "\"overlap\":\"queue\"");
        assertThat(read(written)).isEqualTo(schedule);
        assertThat(read("{\"name\": \"n\", \"task\": \"t\", \"every\": \"PT5M\", \"enabled\": false}")
                .isEnabled()).isFalse();
        ScheduleDefinition defaults = read("{\"name\": \"n\", \"task\": \"t\", \"every\": \"PT5M\"}");
        assertThat(defaults.misfire()).isEqualTo(MisfirePolicy.RUN_ONCE);
        assertThat(defaults.misfireLimit()).isEqualTo(ScheduleDefinition.DEFAULT_MISFIRE_LIMIT);
        assertThat(defaults.overlap()).isEqualTo(OverlapPolicy.SKIP);
    }

    @Test
    void invalidCron_namesTheFieldAndSaysWhatCronUtilsFound() {
        assertThatThrownBy(() -> read("{\"name\": \"n\", \"task\": \"t\", \"cron\": \"0 61 * * * ?\"}"))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("schedules[0].cron")
                .hasMessageContaining("Value 61 not in range [0, 59]");
        assertThatThrownBy(() -> ScheduleDefinition.cron("n", "t", "*/5 * * * *"))
                .isInstanceOf(ProtocolException.class).hasMessageStartingWith("cron: ")
                .hasMessageContaining("5 parts");
    }

    @Test
    void noKindOrTwoKinds_isRefused() {
        assertThatThrownBy(() -> read("{\"name\": \"n\", \"task\": \"t\"}")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("set exactly one of cron, every, daily, once and afterStartSeconds");
        assertThatThrownBy(() -> read("{\"name\": \"n\", \"task\": \"t\", \"cron\": \"0 0 * * * ?\", \"every\":"
                + " \"PT1M\"}")).isInstanceOf(ProtocolException.class).hasMessageContaining("schedules[0].every")
                .hasMessageContaining("[cron, every]");
    }

    @Test
    void badValues_nameTheirField() {
        assertThat(field("{\"name\": \"n\", \"task\": \"t\", \"every\": \"5 minutes\"}")).isEqualTo("schedules[0].every");
        assertThat(field("{\"name\": \"n\", \"task\": \"t\", \"every\": \"PT0.5S\"}")).isEqualTo("schedules[0].every");
        assertThat(field("{\"name\": \"n\", \"task\": \"t\", \"once\": \"tomorrow\"}")).isEqualTo("schedules[0].once");
        assertThat(field("{\"name\": \"n\", \"task\": \"t\", \"every\": \"PT1M\", \"zone\": \"Mars/Base\"}"))
                .isEqualTo("schedules[0].zone");
        assertThat(field("{\"name\": \"n\", \"task\": \"t\", \"every\": \"PT1M\", \"startDate\": \"2026-02-01\","
                + " \"endDate\": \"2026-01-01\"}")).isEqualTo("schedules[0].endDate");
        assertThat(field("{\"name\": \"n\", \"task\": \"t\", \"every\": \"PT1M\", \"misfireLimit\": 5000}"))
                .isEqualTo("schedules[0].misfireLimit");
        assertThat(field("{\"name\": \"n\", \"task\": \"t\", \"every\": \"PT1M\", \"splaySeconds\": -1}"))
                .isEqualTo("schedules[0].splaySeconds");
        assertThat(field("{\"name\": \"n\", \"task\": \"t\", \"daily\": {\"times\": [\"25:00\"]}}"))
                .isEqualTo("schedules[0].daily.times[0]");
        assertThat(field("{\"name\": \"a/b\", \"task\": \"t\", \"every\": \"PT1M\"}")).isEqualTo("schedules[0].name");
        assertThat(field("{\"name\": \"n\", \"task\": \"t\", \"every\": \"PT1M\", \"overlap\": \"sometimes\"}"))
                .isEqualTo("schedules[0].overlap");
    }

    private String field(String json) {
        try {
            read(json);
        } catch (ProtocolException e) {
            return e.field();
        }
        throw new AssertionError("accepted " + json);
    }
}
