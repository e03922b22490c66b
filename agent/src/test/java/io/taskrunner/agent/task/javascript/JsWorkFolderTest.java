package io.taskrunner.agent.task.javascript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.agent.task.TaskException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsWorkFolderTest {

    @TempDir
    Path dir;
    @TempDir
    Path outside;

    @Test
    void resolve_whenPathStaysInside_returnsItUnderTheRealFolder() throws Exception {
        JsWorkFolder folder = new JsWorkFolder(dir);
        Path real = dir.toRealPath();

        assertThat(folder.resolve("a/b.txt")).isEqualTo(real.resolve("a/b.txt"));
        assertThat(folder.resolve("a/../c.txt")).isEqualTo(real.resolve("c.txt"));
        assertThat(folder.resolve(".")).isEqualTo(real);
        assertThat(folder.resolve(real.resolve("d.txt").toString())).isEqualTo(real.resolve("d.txt"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../x", "a/../../x", "/etc/passwd"})
    void resolve_whenPathLeaves_refusesNamingIt(String path) {
        JsWorkFolder folder = new JsWorkFolder(dir);

        assertThatThrownBy(() -> folder.resolve(path)).isInstanceOf(TaskException.class)
                .hasMessage("files: path '" + path + "' is outside the task's work folder");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void resolve_whenALinkPointsOutside_refusesItAndWhatLiesBelowIt() throws Exception {
        Files.createSymbolicLink(dir.resolve("out"), outside);
        Files.createSymbolicLink(dir.resolve("gone"), outside.resolve("missing.txt"));
        Files.createDirectory(dir.resolve("in"));
        Files.createSymbolicLink(dir.resolve("inner"), dir.resolve("in"));
        JsWorkFolder folder = new JsWorkFolder(dir);

        assertThatThrownBy(() -> folder.resolve("out")).isInstanceOf(TaskException.class);
        assertThatThrownBy(() -> folder.resolve("out/new/file.txt")).isInstanceOf(TaskException.class);
        assertThatThrownBy(() -> folder.resolve("gone")).isInstanceOf(TaskException.class);
        assertThat(folder.resolve("inner/x.txt")).isEqualTo(dir.toRealPath().resolve("in/x.txt"));
    }

    @Test
    void create_whenFolderDoesNotExist_failsNamingIt() {
        Path missing = dir.resolve("missing");

        assertThatThrownBy(() -> new JsWorkFolder(missing)).isInstanceOf(TaskException.class)
                .hasMessageContaining(missing.toString());
    }
}
