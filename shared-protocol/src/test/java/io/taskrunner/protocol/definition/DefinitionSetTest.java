package io.taskrunner.protocol.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.codec.MessageCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefinitionSetTest {
    private static final TaskDefinition BACKUP = TaskDefinition.of("backup", new CommandTask("backup", null));
    private static final TaskDefinition REPORT = TaskDefinition.of("report", new CommandTask("report", null));
    private static final DatasourceDefinition PLANT = new DatasourceDefinition("plant", "jdbc:h2:mem:plant", "sa",
            "env:PLANT_PASSWORD", null);
    private static final ChannelDefinition SCALES = new ChannelDefinition("scales", 1, true);

    @Test
    void lookups_findByName() {
        DefinitionSet set = new DefinitionSet(List.of(BACKUP, REPORT), List.of(PLANT), List.of(SCALES));

        assertThat(set.task("report")).contains(REPORT);
        assertThat(set.task("missing")).isEmpty();
        assertThat(set.datasource("plant")).contains(PLANT);
        assertThat(set.channel("scales")).contains(SCALES);
        assertThat(set.channel("default")).isEmpty();
    }

    @Test
    void absentLists_areEmpty() {
        assertThat(DefinitionSet.EMPTY.tasks()).isEmpty();
        assertThat(DefinitionSet.EMPTY.datasources()).isEmpty();
        assertThat(DefinitionSet.EMPTY.channels()).isEmpty();
    }

    @Test
    void duplicateTaskName_isRefused_namingTheSecondOne() {
        TaskDefinition again = TaskDefinition.of("backup", new ShellTask("echo again", null));

        ProtocolException e = catchThrowableOfType(ProtocolException.class,
                () -> new DefinitionSet(List.of(BACKUP, REPORT, again), null, null));

        assertThat(e.field()).isEqualTo("tasks[2].name");
        assertThat(e.reason()).isEqualTo("'backup' is defined twice");
    }

    @Test
    void duplicateDatasourceAndChannelNames_areRefused_namingTheList() {
        assertThat(catchThrowableOfType(ProtocolException.class, () -> new DefinitionSet(null,
                List.of(PLANT, PLANT), null)).field()).isEqualTo("datasources[1].name");
        assertThat(catchThrowableOfType(ProtocolException.class, () -> new DefinitionSet(null, null,
                List.of(SCALES, ChannelDefinition.defaultChannel(), SCALES))).field()).isEqualTo("channels[2].name");
    }

    @Test
    void nullEntry_isRefused_namingItsIndex() {
        ProtocolException e = catchThrowableOfType(ProtocolException.class,
                () -> new DefinitionSet(Arrays.asList(BACKUP, null), null, null));

        assertThat(e.field()).isEqualTo("tasks[1]");
        assertThat(e.reason()).isEqualTo("is required");
    }

    @Test
    void lists_areCopied_soLaterChangesDoNotLeakIn() {
        List<TaskDefinition> tasks = new ArrayList<>(List.of(BACKUP));
        DefinitionSet set = new DefinitionSet(tasks, null, null);

        tasks.add(REPORT);

        assertThat(set.tasks()).containsExactly(BACKUP);
    }

    @Test
    void overriddenBy_replacesSameNamedDefinitions_andAddsNewOnes() {
        TaskDefinition newBackup = BACKUP.withTimeoutSeconds(60);
        TaskDefinition clean = TaskDefinition.of("clean", new ShellTask("rm -rf /tmp/work/*", null));
        DatasourceDefinition newPlant = new DatasourceDefinition("plant", "jdbc:h2:mem:other", null, null, null);
        DefinitionSet base = new DefinitionSet(List.of(BACKUP, REPORT), List.of(PLANT), List.of(SCALES));
        DefinitionSet local = new DefinitionSet(List.of(newBackup, clean), List.of(newPlant), null);

        DefinitionSet merged = base.overriddenBy(local);

        assertThat(merged.tasks()).containsExactlyInAnyOrder(newBackup, REPORT, clean);
        assertThat(merged.task("backup")).contains(newBackup);
        assertThat(merged.datasources()).containsExactly(newPlant);
        assertThat(merged.channels()).as("nothing overrides them").containsExactly(SCALES);
        assertThat(base.tasks()).as("the base set is unchanged").containsExactly(BACKUP, REPORT);
    }

    @Test
    void overriddenBy_anEmptySet_changesNothing() {
        DefinitionSet base = new DefinitionSet(List.of(BACKUP), List.of(PLANT), List.of(SCALES));

        assertThat(base.overriddenBy(DefinitionSet.EMPTY)).isEqualTo(base);
        assertThat(DefinitionSet.EMPTY.overriddenBy(base)).isEqualTo(base);
    }

    @Test
    void set_roundTripsThroughTheCodec() throws JsonProcessingException {
        MessageCodec codec = new MessageCodec();
        DefinitionSet set = new DefinitionSet(List.of(BACKUP, REPORT.withChannel("scales")), List.of(PLANT),
                List.of(SCALES));

        byte[] bytes = codec.mapper().writeValueAsBytes(set);

        assertThat(codec.readValue(bytes, DefinitionSet.class, "definitions")).isEqualTo(set);
    }

    @Test
    void duplicateInJson_namesThePathUnderTheGivenRoot() {
        MessageCodec codec = new MessageCodec();
        byte[] json = ("{\"tasks\":[{\"name\":\"a\",\"type\":\"command\",\"spec\":{\"program\":\"x\"}},"
                + "{\"name\":\"a\",\"type\":\"shell\",\"spec\":{\"script\":\"y\"}}]}").getBytes(StandardCharsets.UTF_8);

        ProtocolException e = catchThrowableOfType(ProtocolException.class,
                () -> codec.readValue(json, DefinitionSet.class, "definitions"));

        assertThat(e.field()).isEqualTo("definitions.tasks[1].name");
    }

    @Test
    void datasource_passwordRef_mustSayWhereThePasswordIs() {
        ProtocolException e = catchThrowableOfType(ProtocolException.class,
                () -> new DatasourceDefinition("plant", "jdbc:h2:mem:x", null, "hunter2", null));

        assertThat(e.field()).isEqualTo("passwordRef");
        assertThat(catchThrowableOfType(ProtocolException.class,
                () -> new DatasourceDefinition("plant", "http://x", null, null, null)).field()).isEqualTo("jdbcUrl");
    }

    @Test
    void channel_workers_defaultAndRange() {
        assertThat(new ChannelDefinition("c", 0, false).workers()).isEqualTo(ChannelDefinition.DEFAULT_WORKERS);
        assertThat(catchThrowableOfType(ProtocolException.class,
                () -> new ChannelDefinition("c", ChannelDefinition.MAX_WORKERS + 1, false)).field())
                .isEqualTo("workers");
    }
}
