package io.taskrunner.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLogsTest {
    @TempDir
    Path dir;

    private static Clock at(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    @Test
    void append_writesEachLineTaggedWithTheRunAndStreamIntoTheTaskFileOfTheDay() throws Exception {
        RunLogs logs = new RunLogs(dir, at("2026-11-21T10:00:00Z"), 14);
        UUID run = UUID.fromString("0badc0de-0000-4000-8000-000000000001");

        logs.append("backup", run, "out", "first\nsecond\n");
        logs.append("backup", run, "err", "oops");

        assertThat(logs.fileFor("backup")).isEqualTo(dir.resolve("backup").resolve("2026-11-21.log"));
        assertThat(Files.readAllLines(logs.fileFor("backup")))
                .containsExactly("0badc0de out | first", "0badc0de out | second", "0badc0de err | oops");
    }

    @Test
    void prune_deletesDayFilesOlderThanTheRetentionAndKeepsTheRest() throws Exception {
        Path task = Files.createDirectories(dir.resolve("backup"));
        for (String day : new String[] {"2026-11-07", "2026-11-08", "2026-11-21"}) {
            Files.writeString(task.resolve(day + ".log"), "x\n");
        }
        Files.writeString(task.resolve("notes.log"), "not a day file\n");
        RunLogs logs = new RunLogs(dir, at("2026-11-21T10:00:00Z"), 14);

        assertThat(logs.prune()).isEqualTo(1);

        assertThat(task.resolve("2026-11-07.log")).doesNotExist();
        assertThat(task.resolve("2026-11-08.log")).exists();
        assertThat(task.resolve("2026-11-21.log")).exists();
        assertThat(task.resolve("notes.log")).exists();
    }

    @Test
    void follow_toldOfWhatComesAfter_andTheBacklogHoldsWhatCameBefore_withNothingTwice() throws Exception {
        RunLogs logs = new RunLogs(dir, at("2026-11-21T10:00:00Z"), 14);
        UUID run = UUID.fromString("0badc0de-0000-4000-8000-000000000001");
        UUID other = UUID.fromString("feedface-0000-4000-8000-000000000002");
        logs.note("backup", run, "attempt 1 started");
        logs.append("backup", run, "out", "before\n");
        logs.append("backup", other, "out", "not mine\n");
        java.util.List<String> live = new java.util.concurrent.CopyOnWriteArrayList<>();

        RunLogs.Backlog backlog = logs.follow("backup", run, java.time.LocalDate.parse("2026-11-20"),
                (stream, text) -> live.add(stream + ":" + text));
        logs.append("backup", run, "err", "after\n");
        logs.append("backup", other, "out", "still not mine\n");
        logs.note("backup", run, "finished: succeeded");
        logs.append("backup", run, "out", "a later run with the same prefix\n");
        java.util.List<String> before = new java.util.ArrayList<>();
        RunLogReader.read(backlog, run, (stream, text) -> before.add(stream + ":" + text));

        assertThat(before).containsExactly("out:before\n");
        assertThat(live).containsExactly("err:after\n", "out:a later run with the same prefix\n");

        logs.unfollow(run, (stream, text) -> { });
        java.util.List<String> whole = new java.util.ArrayList<>();
        RunLogReader.read(logs.follow("backup", run, java.time.LocalDate.parse("2026-11-21"), (s, t) -> { }), run,
                (stream, text) -> whole.add(stream + ":" + text));
        assertThat(whole).as("read after the end: up to the finished note").containsExactly("out:before\n",
                "err:after\n");
    }

    @Test
    void follow_ofATaskNameThatIsNoSafeFolder_hasNoBacklog() {
        RunLogs logs = new RunLogs(dir, at("2026-11-21T10:00:00Z"), 14);

        RunLogs.Backlog backlog = logs.follow("../../etc", UUID.randomUUID(), java.time.LocalDate.parse(
                "2026-11-21"), (stream, text) -> { });

        assertThat(backlog.files()).isEmpty();
    }
}
