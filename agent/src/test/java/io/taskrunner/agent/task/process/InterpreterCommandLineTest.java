package io.taskrunner.agent.task.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.protocol.definition.PascalTask;
import io.taskrunner.protocol.definition.PowerShellTask;
import io.taskrunner.protocol.definition.PythonTask;
import io.taskrunner.protocol.definition.ShellTask;
import io.taskrunner.protocol.definition.TaskType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterpreterCommandLineTest {

    private static final Path SCRIPT = Path.of("/tmp/taskrunner-1/task_x.ext");

    @Test
    void argv_forPowerShell_skipsProfileAndPolicyAndPassesTheFile() {
        assertThat(ScriptLanguage.POWERSHELL.argv(Path.of("/usr/bin/pwsh"), SCRIPT)).containsExactly(
                "/usr/bin/pwsh", "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-File",
                SCRIPT.toString());
    }

    @Test
    void argv_forPython_runsUnbuffered() {
        assertThat(ScriptLanguage.PYTHON.argv(Path.of("/usr/bin/python3"), SCRIPT))
                .containsExactly("/usr/bin/python3", "-u", SCRIPT.toString());
    }

    @Test
    void argv_forPascal_runsInstantfpc_afterACompileOnlyStep() {
        assertThat(ScriptLanguage.PASCAL.compileArgv(Path.of("/usr/bin/instantfpc"), SCRIPT))
                .containsExactly("/usr/bin/instantfpc", "--skip-run", SCRIPT.toString());
        assertThat(ScriptLanguage.PASCAL.argv(Path.of("/usr/bin/instantfpc"), SCRIPT))
                .containsExactly("/usr/bin/instantfpc", SCRIPT.toString());
        assertThat(ScriptLanguage.PYTHON.compileArgv(Path.of("/usr/bin/python3"), SCRIPT)).isEmpty();
    }

    @Test
    void candidates_lookForPwshFirst_andWindowsPowerShellOnlyOnWindows() {
        assertThat(ScriptLanguage.POWERSHELL.candidates(false)).containsExactly("pwsh");
        assertThat(ScriptLanguage.POWERSHELL.candidates(true)).containsExactly("pwsh", "powershell.exe");
        assertThat(ScriptLanguage.PYTHON.candidates(false)).containsExactly("python3", "python");
        assertThat(ScriptLanguage.PASCAL.candidates(true)).containsExactly("instantfpc");
    }

    @Test
    void missing_namesWhatWasLookedFor() {
        assertThat(ScriptLanguage.PYTHON.missing(ScriptLanguage.PYTHON.candidates(false)))
                .isEqualTo("no Python interpreter found: looked for python3, python on PATH");
        assertThat(ScriptLanguage.POWERSHELL.missing(ScriptLanguage.POWERSHELL.candidates(true)))
                .isEqualTo("no PowerShell found: looked for pwsh, powershell.exe on PATH");
        assertThat(ScriptLanguage.PASCAL.missing(ScriptLanguage.PASCAL.candidates(false)))
                .isEqualTo("no Free Pascal found: looked for instantfpc on PATH");
    }

    @Test
    void environment_setsUtf8ForPython_andTheAgentsCacheForPascal() {
        assertThat(ScriptLanguage.PYTHON.environment(null))
                .isEqualTo(Map.of("PYTHONIOENCODING", "utf-8", "PYTHONDONTWRITEBYTECODE", "1"));
        assertThat(ScriptLanguage.PASCAL.environment(Path.of("/var/lib/taskrunner/cache/instantfpc")))
                .isEqualTo(Map.of("INSTANTFPCCACHE", "/var/lib/taskrunner/cache/instantfpc"));
        assertThat(ScriptLanguage.POWERSHELL.environment(null)).isEmpty();
    }

    @Test
    void fileName_forPascal_dependsOnTheBodyOnly_soTheCacheIsReused() {
        String first = ScriptLanguage.PASCAL.fileName("a", "begin end.");

        assertThat(first).matches("task_[0-9a-f]{20}\\.pas");
        assertThat(ScriptLanguage.PASCAL.fileName("other task", "begin end.")).isEqualTo(first);
        assertThat(ScriptLanguage.PASCAL.fileName("a", "begin WriteLn; end.")).isNotEqualTo(first);
    }

    @Test
    void fileName_carriesTheTaskName_reducedToSafeCharacters() {
        assertThat(ScriptLanguage.PYTHON.fileName("json", "x")).isEqualTo("task_json.py");
        assertThat(ScriptLanguage.POWERSHELL.fileName("Nightly backup é-1", "x"))
                .isEqualTo("task_Nightly_backup___1.ps1");
    }

    @Test
    void encode_givesPowerShellAByteOrderMark_andTheOthersPlainUtf8() {
        byte[] powershell = ScriptLanguage.POWERSHELL.encode("é");
        byte[] python = ScriptLanguage.PYTHON.encode("é");

        assertThat(Arrays.copyOf(powershell, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        assertThat(new String(powershell, 3, powershell.length - 3, StandardCharsets.UTF_8)).isEqualTo("é");
        assertThat(python).isEqualTo("é".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void of_mapsEachInterpreterTaskType_andTheScriptBody() {
        assertThat(ScriptLanguage.of(TaskType.POWERSHELL)).isEqualTo(ScriptLanguage.POWERSHELL);
        assertThat(ScriptLanguage.of(TaskType.PYTHON)).isEqualTo(ScriptLanguage.PYTHON);
        assertThat(ScriptLanguage.of(TaskType.PASCAL)).isEqualTo(ScriptLanguage.PASCAL);
        assertThat(List.of(ScriptLanguage.script(new PowerShellTask("a")), ScriptLanguage.script(new PythonTask("b")),
                ScriptLanguage.script(new PascalTask("c")))).containsExactly("a", "b", "c");
        assertThatThrownBy(() -> ScriptLanguage.of(TaskType.SHELL)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScriptLanguage.script(new ShellTask("x", null)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
