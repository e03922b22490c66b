package io.taskrunner.agent.jobfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.agent.executor.CancellationToken;
import io.taskrunner.protocol.message.JobFile;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's check of job file bytes against the signed command: size, SHA-256, and the cache. */
class JobFileVerifierTest {
    private static final byte[] CONTENT = "recipe B-17\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void bytesWithTheDeclaredSizeAndHash_areCopied() throws Exception {
        Path target = dir.resolve("recipe.csv");

        VerifiedCopy.copy(new ByteArrayInputStream(CONTENT), target, fileOf(CONTENT));

        assertThat(target).hasBinaryContent(CONTENT);
    }

    @Test
    void fileWithWrongHash_isRejected_namingBothHashes() {
        byte[] tampered = "recipe B-18\n".getBytes(StandardCharsets.UTF_8);
        JobFile declared = fileOf(CONTENT);

        assertThatThrownBy(() -> VerifiedCopy.copy(new ByteArrayInputStream(tampered), dir.resolve("x"), declared))
                .isInstanceOf(JobFileException.class)
                .hasMessage("file recipe.csv: SHA-256 mismatch (expected " + declared.sha256() + ", got "
                        + sha256(tampered) + ")")
                .satisfies(e -> assertThat(((JobFileException) e).integrity()).isTrue());
    }

    @Test
    void moreBytesThanDeclared_areRefusedAtTheFirstExtraByte() {
        byte[] longer = "recipe B-17\nand then some\n".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> VerifiedCopy.copy(new ByteArrayInputStream(longer), dir.resolve("x"),
                fileOf(CONTENT))).isInstanceOf(JobFileException.class)
                .hasMessage("file recipe.csv: more than the declared " + CONTENT.length + " bytes arrived");
    }

    @Test
    void fewerBytesThanDeclared_areRefused() {
        assertThatThrownBy(() -> VerifiedCopy.copy(new ByteArrayInputStream(new byte[3]), dir.resolve("x"),
                fileOf(CONTENT))).isInstanceOf(JobFileException.class)
                .hasMessage("file recipe.csv: 3 bytes arrived, " + CONTENT.length + " were declared");
    }

    @Test
    void aCachedFile_isCopiedIntoTheWorkFolder_withoutFetching() throws Exception {
        JobFile file = fileOf(CONTENT);
        Files.createDirectories(dir.resolve("cache"));
        Files.write(dir.resolve("cache").resolve(file.sha256()), CONTENT);
        JobFiles files = new JobFiles(dir.resolve("cache"), () -> {
            throw new AssertionError("nothing may be fetched");
        }, Duration.ofSeconds(5));

        Path provided = files.provide(file, dir.resolve("work"), new CancellationToken());

        assertThat(provided).isEqualTo(dir.resolve("work").resolve("recipe.csv")).hasBinaryContent(CONTENT);
    }

    @Test
    void aCachedFileChangedOnDisk_isRejected_andDroppedFromTheCache() throws Exception {
        JobFile file = fileOf(CONTENT);
        Path cached = dir.resolve("cache").resolve(file.sha256());
        Files.createDirectories(cached.getParent());
        Files.write(cached, "recipe B-99\n".getBytes(StandardCharsets.UTF_8));
        JobFiles files = new JobFiles(dir.resolve("cache"), () -> {
            throw new AssertionError("nothing may be fetched");
        }, Duration.ofSeconds(5));

        assertThatThrownBy(() -> files.provide(file, dir.resolve("work"), new CancellationToken()))
                .isInstanceOf(JobFileException.class).hasMessageContaining("SHA-256 mismatch");
        assertThat(cached).doesNotExist();
        assertThat(dir.resolve("work").resolve("recipe.csv")).doesNotExist();
    }

    private static JobFile fileOf(byte[] content) {
        String hash = sha256(content);
        return new JobFile("recipe.csv", hash, content.length, "https://localhost:8643/files/" + hash);
    }

    private static String sha256(byte[] content) {
        try {
            return JobFile.hex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
