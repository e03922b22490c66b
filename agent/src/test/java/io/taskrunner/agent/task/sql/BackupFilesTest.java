package io.taskrunner.agent.task.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.agent.task.TaskException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupFilesTest {
    private static final Instant NOW = Instant.parse("2025-01-02T03:04:05.006Z");

    @TempDir
    Path dir;

    @Test
    void newFile_namesTheTaskAndTheUtcTimeToTheMillisecond() {
        assertThat(BackupFiles.newFile(dir, "nightly", NOW, "zip"))
                .isEqualTo(dir.resolve("nightly-20250102-030405-006.zip"));
    }

    @Test
    void newFile_encodesCharactersUnfitForAFileName() {
        assertThat(BackupFiles.newFile(dir, "a b\\c?ä", NOW, "sql").getFileName().toString())
                .isEqualTo("a%20b%5Cc%3F%C3%A4-20250102-030405-006.sql");
    }

    @Test
    void partOf_addsPartToTheName() {
        assertThat(BackupFiles.partOf(dir.resolve("x.zip"))).isEqualTo(dir.resolve("x.zip.part"));
    }

    @Test
    void keepNewest_deletesOnlyTheOldestBackupsOfTheTask() throws Exception {
        Path oldest = touch("db-20250101-000000-000.zip");
        Path older = touch("db-20250102-000000-000.sql");
        Path newer = touch("db-20250103-000000-000.zip");
        Path newest = touch("db-20250104-000000-000.zip");
        List<Path> untouched = List.of(touch("db-nightly-20250101-000000-000.zip"),
                touch("db-20250101-000000-000.zip.part"), touch("db-20250101-000000-000.txt"),
                touch("notes.txt"), touch("dbx-20250101-000000-000.zip"));

        List<Path> deleted = BackupFiles.keepNewest(dir, "db", 2);

        assertThat(deleted).containsExactly(oldest, older);
        assertThat(oldest).doesNotExist();
        assertThat(older).doesNotExist();
        assertThat(newer).exists();
        assertThat(newest).exists();
        assertThat(untouched).allMatch(Files::exists);
    }

    @Test
    void keepNewest_withFewerBackupsThanKept_deletesNothing() throws Exception {
        touch("db-20250101-000000-000.zip");

        assertThat(BackupFiles.keepNewest(dir, "db", 7)).isEmpty();
    }

    @Test
    void sha256_isTheHexDigestOfTheContent() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "abc");

        assertThat(BackupFiles.sha256(file))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                        "abc".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void verifyZip_acceptsAZipWhoseEntriesReadBack() throws Exception {
        Path zip = zip("ok.zip", "content ".repeat(1000));

        BackupFiles.verifyZip(zip);
    }

    @Test
    void verifyZip_rejectsATruncatedZip() throws Exception {
        Path zip = zip("cut.zip", "content ".repeat(1000));
        byte[] bytes = Files.readAllBytes(zip);
        Files.write(zip, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> BackupFiles.verifyZip(zip)).isInstanceOf(TaskException.class)
                .hasMessageContaining(zip.toString());
    }

    @Test
    void verifyZip_rejectsAZipWithoutEntries() throws Exception {
        Path zip = dir.resolve("empty.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.finish();
        }

        assertThatThrownBy(() -> BackupFiles.verifyZip(zip)).isInstanceOf(TaskException.class)
                .hasMessageContaining("empty zip");
    }

    @Test
    void verifyScript_acceptsWhatStartsWithACommentOrStatement() throws Exception {
        BackupFiles.verifyScript(Files.writeString(dir.resolve("a.sql"), "-- H2 2.5.252;\nCREATE USER x;"));
        BackupFiles.verifyScript(Files.writeString(dir.resolve("b.sql"), "\n  create table t(id int);"));
    }

    @Test
    void verifyScript_rejectsWhatIsNotSql() throws Exception {
        Path file = Files.write(dir.resolve("x.sql"), new byte[] {'P', 'K', 3, 4, 0, 0});

        assertThatThrownBy(() -> BackupFiles.verifyScript(file)).isInstanceOf(TaskException.class)
                .hasMessageContaining("does not start like an SQL script");
    }

    @Test
    void verifyMysqlDump_acceptsAFinishedDump() throws Exception {
        BackupFiles.verifyMysqlDump(Files.writeString(dir.resolve("a.sql"),
                "-- MariaDB dump\nCREATE TABLE t (id int);\n-- Dump completed on 2025-01-02  3:04:05\n"));
    }

    @Test
    void verifyMysqlDump_rejectsADumpThatStoppedHalfway() throws Exception {
        Path file = Files.writeString(dir.resolve("a.sql"), "-- MariaDB dump\nINSERT INTO t VALUES (1),");

        assertThatThrownBy(() -> BackupFiles.verifyMysqlDump(file)).isInstanceOf(TaskException.class)
                .hasMessageContaining("-- Dump completed");
    }

    @Test
    void verifyNotEmpty_rejectsAnEmptyOrMissingFile() throws Exception {
        Path empty = Files.createFile(dir.resolve("e.bak"));

        assertThatThrownBy(() -> BackupFiles.verifyNotEmpty(empty)).isInstanceOf(TaskException.class);
        assertThatThrownBy(() -> BackupFiles.verifyNotEmpty(dir.resolve("missing.bak")))
                .isInstanceOf(TaskException.class);
    }

    private Path touch(String name) throws Exception {
        return Files.writeString(dir.resolve(name), name);
    }

    private Path zip(String name, String content) throws Exception {
        Path zip = dir.resolve(name);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("data.txt"));
            out.write(content.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            out.putNextEntry(new ZipEntry("more.txt"));
            out.write(new byte[] {1, 2, 3});
            out.closeEntry();
        }
        return zip;
    }
}
