package io.taskrunner.console.service.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.console.persistence.Database;
import io.taskrunner.protocol.message.JobFile;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's job file store on a real H2 file and disk folder. */
class JobFileServiceTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-14T09:26:53Z"), ZoneOffset.UTC);
    /** SHA-256 of "test", as {@code sha256sum} prints it. */
    private static final String TEST_SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @TempDir
    Path dir;

    private Database database;
    private Optional<String> endpoint = Optional.of("https://console.example:8643");

    @BeforeEach
    void open() {
        database = Database.open(dir.resolve("db"));
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void store_keepsTheBytesUnderTheirSha256_withNameSizeAndTime() throws Exception {
        JobFileService files = service(1024);

        StoredJobFile stored = files.store("recipe.csv", bytes("test"));

        assertThat(stored.sha256()).isEqualTo(TEST_SHA256);
        assertThat(stored.size()).isEqualTo(4);
        assertThat(stored.name()).isEqualTo("recipe.csv");
        assertThat(stored.createdAt()).isEqualTo(CLOCK.instant());
        assertThat(files.content(TEST_SHA256)).hasValueSatisfying(path -> assertThat(path).hasContent("test"));
        assertThat(files.file(stored.id())).contains(stored);
    }

    @Test
    void theSameContent_isStoredOnce_underTheSameNameAsOneFile_andUnderAnotherNameAsAnotherFile() throws Exception {
        JobFileService files = service(1024);

        StoredJobFile first = files.store("recipe.csv", bytes("test"));
        StoredJobFile again = files.store("recipe.csv", bytes("test"));
        StoredJobFile renamed = files.store("copy.csv", bytes("test"));

        assertThat(again).isEqualTo(first);
        assertThat(renamed.id()).isNotEqualTo(first.id());
        assertThat(renamed.sha256()).isEqualTo(first.sha256());
        assertThat(files.files()).hasSize(2);
        try (Stream<Path> stored = Files.list(dir.resolve("files"))) {
            assertThat(stored.filter(Files::isRegularFile)).as("one copy of the bytes")
                    .containsExactly(dir.resolve("files").resolve(TEST_SHA256));
        }
    }

    @Test
    void aFileOverTheLimit_isRefused_andLeavesNothingBehind() throws Exception {
        JobFileService files = service(3);

        assertThatThrownBy(() -> files.store("big.bin", bytes("test"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("file: 'big.bin' is larger than the 3 bytes a job file may have");

        assertThat(files.files()).isEmpty();
        try (Stream<Path> left = Files.walk(dir.resolve("files"))) {
            assertThat(left.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void aNameWithAFolder_isRefusedNamingTheField() {
        assertThatThrownBy(() -> service(1024).store("../x", bytes("test")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("name: ");
    }

    @Test
    void reference_carriesNameHashSizeAndTheEndpointUrl() {
        JobFileService files = service(1024);
        StoredJobFile stored = files.store("recipe.csv", bytes("test"));

        JobFile reference = files.reference(stored.id());

        assertThat(reference).isEqualTo(new JobFile("recipe.csv", TEST_SHA256, 4,
                "https://console.example:8643/files/" + TEST_SHA256));
    }

    @Test
    void reference_ofAnUnknownFile_orWhileFilesAreNotServed_isRefusedNamingFile() {
        JobFileService files = service(1024);
        StoredJobFile stored = files.store("recipe.csv", bytes("test"));

        assertThatThrownBy(() -> files.reference(UUID.randomUUID())).hasMessageStartingWith("file: no job file");
        endpoint = Optional.empty();
        assertThatThrownBy(() -> files.reference(stored.id())).hasMessageStartingWith("file: agents fetch job files");
    }

    @Test
    void content_ofAMalformedOrUnknownHash_isEmpty() {
        JobFileService files = service(1024);
        files.store("recipe.csv", bytes("test"));

        assertThat(files.content("../db/console.mv.db")).isEmpty();
        assertThat(files.content("incoming")).isEmpty();
        assertThat(files.content("0".repeat(64))).isEmpty();
    }

    private JobFileService service(long maxBytes) {
        return new JobFileService(database, dir.resolve("files"), maxBytes, () -> endpoint, CLOCK);
    }

    private static ByteArrayInputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
