package io.taskrunner.protocol.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFileTest {
    @TempDir
    Path dir;

    @Test
    void loadOrCreate_createsAnOwnerOnly256BitKey_andLoadsTheSameKeyNextTime() throws Exception {
        Path file = dir.resolve("data").resolve(KeyFile.FILE_NAME);

        SecretBox first = KeyFile.loadOrCreate(file);
        String sealed = first.seal("datasource.password", "pw");

        byte[] key = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
        assertThat(key).hasSize(32);
        assertThat(KeyFile.loadOrCreate(file).open("datasource.password", sealed)).isEqualTo("pw");
        if (posix()) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        try (var files = Files.list(file.getParent())) {
            assertThat(files.map(Path::getFileName).map(Path::toString)).containsExactly(KeyFile.FILE_NAME);
        }
    }

    @Test
    void loadOrCreate_whenOthersCanReadTheKey_refusesNamingTheFile() throws Exception {
        assumeTrue(posix(), "POSIX permissions only");
        Path file = dir.resolve(KeyFile.FILE_NAME);
        KeyFile.loadOrCreate(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> KeyFile.loadOrCreate(file))
                .isInstanceOf(SecretBoxException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("rw-r--r--")
                .hasMessageContaining("chmod 600");
    }

    @Test
    void loadOrCreate_whenTheGroupCanWriteTheKey_refuses() throws Exception {
        assumeTrue(posix(), "POSIX permissions only");
        Path file = dir.resolve(KeyFile.FILE_NAME);
        KeyFile.loadOrCreate(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw--w----"));

        assertThatThrownBy(() -> KeyFile.loadOrCreate(file)).isInstanceOf(SecretBoxException.class);
    }

    @Test
    void loadOrCreate_whenTheFileIsNoKey_saysWhatIsWrong() throws Exception {
        Path file = dir.resolve(KeyFile.FILE_NAME);
        Files.writeString(file, Base64.getEncoder().encodeToString(new byte[16]));
        if (posix()) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }

        assertThatThrownBy(() -> KeyFile.loadOrCreate(file))
                .isInstanceOf(SecretBoxException.class)
                .hasMessageContaining("must hold 32 bytes");
    }

    @Test
    void lazy_createsTheFileOnlyWhenFirstUsed() {
        Path file = dir.resolve(KeyFile.FILE_NAME);
        Supplier<SecretBox> box = KeyFile.lazy(file);

        assertThat(file).doesNotExist();
        assertThat(box.get()).isSameAs(box.get());
        assertThat(file).exists();
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
