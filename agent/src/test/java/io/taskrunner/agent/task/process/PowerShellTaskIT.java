package io.taskrunner.agent.task.process;

import io.taskrunner.agent.task.Interpreters;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.agent.executor.ProcessExecutor;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.agent.task.TestRun;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.ParameterType;
import io.taskrunner.protocol.definition.PowerShellTask;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.message.RunState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * PowerShell is not installed where these tests run, so a stand-in {@code pwsh} on a private PATH prints the
 * arguments and the script it was given: that proves how the executor finds and launches PowerShell.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class PowerShellTaskIT {

    /** Prints each argument in angle brackets, the value of PARAM_who, then the file given after -File. */
    private static final String FAKE_PWSH = """
            #!/bin/sh
            for arg in "$@"; do printf '<%s>\\n' "$arg"; done
            printf 'who=%s\\n' "$PARAM_who"
            while [ "$#" -gt 0 ]; do
              if [ "$1" = "-File" ]; then cat "$2"; fi
              shift
            done
            exit 6
            """;

    @TempDir
    Path dir;

    private Path bin;
    private Path scripts;
    private Path work;

    @BeforeEach
    void createFolders() throws Exception {
        bin = Files.createDirectory(dir.resolve("bin"));
        scripts = dir.resolve("scripts");
        work = Files.createDirectory(dir.resolve("work"));
    }

    @Test
    void run_findsPwshOnPath_andPassesTheScriptWithMinusFile() throws Exception {
        Path pwsh = bin.resolve("pwsh");
        Files.writeString(pwsh, FAKE_PWSH);
        Files.setPosixFilePermissions(pwsh, PosixFilePermissions.fromString("rwx------"));
        InterpreterTaskExecutor executor = new InterpreterTaskExecutor(new ProcessExecutor(),
                new Interpreters(bin.toString(), null, false), scripts);
        TaskDefinition task = TaskDefinition.of("ps-test", new PowerShellTask("Write-Output \"hi $env:PARAM_who\""))
                .withParameters(List.of(ParameterSpec.of("who", ParameterType.STRING, true)));
        TestRun run = TestRun.of(task).workDir(work).param("who", "world");

        TaskOutcome outcome = run.runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.exitCode()).as("the interpreter's exit code is the run's").isEqualTo(6);
        List<String> lines = run.stdout().lines().toList();
        assertThat(lines).hasSize(8);
        assertThat(lines.subList(0, 6)).containsExactly("<-NoProfile>", "<-NonInteractive>", "<-ExecutionPolicy>",
                "<Bypass>", "<-File>", lines.get(5));
        Path script = Path.of(lines.get(5).substring(1, lines.get(5).length() - 1));
        assertThat(script).startsWithRaw(scripts).doesNotExist();
        assertThat(script.getFileName()).hasToString("task_ps_test.ps1");
        assertThat(lines.get(6)).isEqualTo("who=world");
        assertThat(lines.get(7)).as("the body, after a UTF-8 byte order mark")
                .isEqualTo("\uFEFFWrite-Output \"hi $env:PARAM_who\"");
    }

    @Test
    void run_whenNoPowerShellIsOnPath_isUnsupported() {
        InterpreterTaskExecutor executor = new InterpreterTaskExecutor(new ProcessExecutor(),
                new Interpreters(bin.toString(), null, false), scripts);
        TestRun run = TestRun.of(TaskDefinition.of("ps-test", new PowerShellTask("Write-Output hi"))).workDir(work);

        TaskOutcome outcome = run.runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.REJECTED);
        assertThat(outcome.error()).isEqualTo("unsupported: no PowerShell found: looked for pwsh on PATH");
    }
}
