package io.taskrunner.agent.task.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.agent.task.TaskContext;
import io.taskrunner.agent.task.TaskException;
import io.taskrunner.agent.task.TestRun;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.ParameterType;
import io.taskrunner.protocol.definition.ProcessAction;
import io.taskrunner.protocol.definition.ProcessTask;
import io.taskrunner.protocol.definition.TaskDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ProcessMatcherTest {

    @Test
    void matches_byName_comparesTheExecutablesFileNameExactly_onUnix() {
        ProcessMatcher matcher = new ProcessMatcher("sleep", null, null, false);

        assertThat(matcher.matches(Optional.of("/usr/bin/sleep"), Optional.empty())).isTrue();
        assertThat(matcher.matches(Optional.of("/usr/bin/Sleep"), Optional.empty())).isFalse();
        assertThat(matcher.matches(Optional.of("/usr/bin/sleeper"), Optional.empty())).isFalse();
        assertThat(matcher.matches(Optional.empty(), Optional.of("/usr/bin/sleep 5")))
                .as("a process whose executable cannot be read does not match by name").isFalse();
    }

    @Test
    void matches_byName_onWindows_ignoresCaseAndExe() {
        ProcessMatcher plain = new ProcessMatcher("notepad", null, null, true);
        ProcessMatcher withExe = new ProcessMatcher("NOTEPAD.EXE", null, null, true);

        assertThat(plain.matches(Optional.of("C:\\Windows\\System32\\notepad.exe"), Optional.empty())).isTrue();
        assertThat(withExe.matches(Optional.of("C:\\Windows\\System32\\Notepad.exe"), Optional.empty())).isTrue();
        assertThat(plain.matches(Optional.of("C:\\Tools\\notepad++.exe"), Optional.empty())).isFalse();
    }

    @Test
    void matches_byNameWithAFolder_comparesTheWholePath() {
        ProcessMatcher matcher = new ProcessMatcher("/opt/app/bin/server", null, null, false);

        assertThat(matcher.matches(Optional.of("/opt/app/bin/server"), Optional.empty())).isTrue();
        assertThat(matcher.matches(Optional.of("/usr/bin/server"), Optional.empty())).isFalse();
    }

    @Test
    void matches_byPattern_findsItAnywhereInTheCommandLine() {
        ProcessMatcher matcher = new ProcessMatcher(null, Pattern.compile("--port[ =]80\\b"), null, false);

        assertThat(matcher.matches(Optional.of("/usr/bin/app"), Optional.of("/usr/bin/app --port 80 -v"))).isTrue();
        assertThat(matcher.matches(Optional.of("/usr/bin/app"), Optional.of("/usr/bin/app --port 8080"))).isFalse();
        assertThat(matcher.matches(Optional.of("/usr/bin/app"), Optional.empty())).isFalse();
    }

    @Test
    void matches_needsEveryCriterionGiven() {
        ProcessMatcher matcher = new ProcessMatcher("java", Pattern.compile("worker"), null, false);

        assertThat(matcher.matches(Optional.of("/usr/bin/java"), Optional.of("/usr/bin/java -jar worker.jar")))
                .isTrue();
        assertThat(matcher.matches(Optional.of("/usr/bin/java"), Optional.of("/usr/bin/java -jar web.jar")))
                .isFalse();
        assertThat(matcher.matches(Optional.of("/usr/bin/python3"), Optional.of("/usr/bin/python3 worker.py")))
                .isFalse();
    }

    @Test
    void of_fillsPlaceholders_andQuotesValuesInThePattern() {
        // ProcessTask itself refuses "${" in commandLinePattern (it compiles the template as a regex), so this
        // checks the matcher's side through the templates directly.
        ProcessTask spec = new ProcessTask(ProcessAction.STOP, null, null, false, "${exe}", null, null, 0);
        TaskContext context = context(spec, "exe", "worker", "id", "a.*");

        ProcessMatcher matcher = ProcessMatcher.of(context, "${exe}", "--name=${id} -", null, false);

        assertThat(matcher.name()).isEqualTo("worker");
        assertThat(matcher.matches(Optional.of("/bin/worker"), Optional.of("/bin/worker --name=a.* -v"))).isTrue();
        assertThat(matcher.matches(Optional.of("/bin/worker"), Optional.of("/bin/worker --name=abc -v")))
                .as("a parameter value is matched literally, not as a regular expression").isFalse();
        assertThat(matcher.describe()).isEqualTo("name 'worker' and command line matching '--name=\\Qa.*\\E -'");
    }

    @Test
    void of_parsesThePid_andFailsNamingAValueThatIsNoPid() {
        ProcessTask spec = new ProcessTask(ProcessAction.KILL, null, null, false, null, null, "${pid}", 0);

        assertThat(ProcessMatcher.of(context(spec, "pid", " 4242 "), spec, false).pid()).isEqualTo(4242L);
        assertThatThrownBy(() -> ProcessMatcher.of(context(spec, "pid", "42; kill 1"), spec, false))
                .isInstanceOf(TaskException.class).hasMessage("pid '42; kill 1' is not a process id");
        assertThatThrownBy(() -> ProcessMatcher.of(context(spec, "pid", "-1"), spec, false))
                .isInstanceOf(TaskException.class).hasMessageContaining("'-1'");
    }

    @Test
    void of_whenEveryCriterionIsEmptyOnceFilledIn_refusesToMatchEverything() {
        ProcessTask spec = new ProcessTask(ProcessAction.KILL, null, null, false, "${a}", null, "${c}", 0);
        TaskDefinition task = TaskDefinition.of("process-test", spec).withParameters(List.of(
                optional("a"), optional("b"), optional("c")));
        TaskContext context = TestRun.of(task).context();

        assertThatThrownBy(() -> ProcessMatcher.of(context, spec, false))
                .isInstanceOf(TaskException.class).hasMessageStartingWith("nothing to match");
        assertThatThrownBy(() -> ProcessMatcher.of(context, "${a}", "${b}", " ${c} ", false))
                .as("an empty value in the pattern must not become a pattern that matches everything")
                .isInstanceOf(TaskException.class).hasMessageStartingWith("nothing to match");
    }

    @Test
    void find_neverMatchesTheAgentOrItsAncestors() {
        long self = ProcessHandle.current().pid();
        long parent = ProcessHandle.current().parent().orElseThrow().pid();

        assertThat(new ProcessMatcher(null, null, self, false).find()).isEmpty();
        assertThat(new ProcessMatcher(null, null, parent, false).find()).isEmpty();
        assertThat(new ProcessMatcher(null, Pattern.compile(""), null, false).find())
                .extracting(ProcessHandle::pid).doesNotContain(self, parent);
    }

    private static TaskContext context(ProcessTask spec, String... nameValues) {
        List<ParameterSpec> declared = new ArrayList<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            declared.add(optional(nameValues[i]));
        }
        TestRun run = TestRun.of(TaskDefinition.of("process-test", spec).withParameters(declared));
        for (int i = 0; i < nameValues.length; i += 2) {
            run.param(nameValues[i], nameValues[i + 1]);
        }
        return run.context();
    }

    private static ParameterSpec optional(String name) {
        return ParameterSpec.of(name, ParameterType.STRING, false);
    }
}
