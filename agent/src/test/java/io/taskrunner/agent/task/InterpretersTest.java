package io.taskrunner.agent.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@EnabledOnOs({OS.LINUX, OS.MAC})
class InterpretersTest {

    @TempDir
    Path dir;

    private Path first;
    private Path second;

    @BeforeEach
    void createFolders() throws IOException {
        first = Files.createDirectory(dir.resolve("first"));
        second = Files.createDirectory(dir.resolve("second"));
    }

    @Test
    void find_returnsTheFirstExecutableOnThePath() throws IOException {
        executable(first.resolve("python3"));
        executable(second.resolve("python3"));

        Interpreters interpreters = new Interpreters(first + ":" + second, null, false);

        assertThat(interpreters.find("python3")).contains(first.resolve("python3"));
    }

    @Test
    void find_skipsFilesThatCannotRun_andFolders() throws IOException {
        Files.writeString(first.resolve("pwsh"), "not executable");
        Files.createDirectory(first.resolve("python3"));
        executable(second.resolve("pwsh"));

        Interpreters interpreters = new Interpreters(first + ":" + second, null, false);

        assertThat(interpreters.find("pwsh")).contains(second.resolve("pwsh"));
        assertThat(interpreters.find("python3")).isEmpty();
    }

    @Test
    void find_neverSearchesRelativeOrEmptyEntries() throws IOException {
        executable(first.resolve("tool"));
        Path relative = Path.of("").toAbsolutePath().relativize(first);

        assertThat(new Interpreters(":" + relative + "::", null, false).find("tool"))
                .as("a relative entry would depend on the working folder").isEmpty();
        assertThat(new Interpreters("::" + first, null, false).find("tool")).contains(first.resolve("tool"));
    }

    @Test
    void find_refusesNamesWithAFolderOrOptions() throws IOException {
        executable(first.resolve("sh"));
        Interpreters interpreters = new Interpreters(first.toString(), null, false);

        assertThat(interpreters.find("../first/sh")).isEmpty();
        assertThat(interpreters.find("sh -c")).isEmpty();
        assertThat(interpreters.find("")).isEmpty();
        assertThat(interpreters.find(null)).isEmpty();
    }

    @Test
    void findFirst_triesTheNamesInOrder() throws IOException {
        executable(second.resolve("python"));
        Interpreters interpreters = new Interpreters(first + ":" + second, null, false);

        assertThat(interpreters.findFirst(List.of("python3", "python"))).contains(second.resolve("python"));
        executable(second.resolve("python3"));
        assertThat(interpreters.findFirst(List.of("python3", "python"))).contains(second.resolve("python3"));
    }

    @Test
    void find_onWindows_addsTheExtensionsOfPathext_andNeedsNoExecutableBit() throws IOException {
        Files.writeString(first.resolve("pwsh.exe"), "");
        Files.writeString(second.resolve("python3.bat"), "");
        Files.writeString(second.resolve("powershell.exe"), "");

        Interpreters interpreters = new Interpreters(first + ";\"" + second + "\"", ".COM;.EXE;.BAT", true);

        assertThat(interpreters.windows()).isTrue();
        assertThat(interpreters.find("pwsh")).contains(first.resolve("pwsh.exe"));
        assertThat(interpreters.find("python3")).contains(second.resolve("python3.bat"));
        assertThat(interpreters.find("powershell.exe")).contains(second.resolve("powershell.exe"));
        assertThat(interpreters.find("cmd")).isEmpty();
    }

    @Test
    void locate_acceptsAnAbsolutePathToAProgram_orABareName() throws IOException {
        Path bash = executable(first.resolve("bash"));
        Interpreters interpreters = new Interpreters(first.toString(), null, false);

        assertThat(interpreters.locate(bash.toString())).contains(bash);
        assertThat(interpreters.locate("bash")).contains(bash);
        assertThat(interpreters.locate(second.resolve("bash").toString())).isEmpty();
        assertThat(interpreters.locate("first/bash")).isEmpty();
    }

    @Test
    void isBareName_acceptsProgramNamesOnly() {
        assertThat(List.of("sh", "bash", "dash", "python3.12", "pwsh.exe", "g++")).allMatch(Interpreters::isBareName);
        assertThat(List.of("", "bash -e", "/bin/sh", "..", "-c", "a;b", "sh\n")).noneMatch(Interpreters::isBareName);
    }

    @Test
    void system_readsTheAgentsOwnPath() {
        assertThat(Interpreters.system().find("sh")).isPresent();
    }

    private static Path executable(Path file) throws IOException {
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }
}
