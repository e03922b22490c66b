package io.taskrunner.agent.task.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.agent.task.Datasources;
import io.taskrunner.agent.task.TaskException;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.agent.task.TestRun;
import io.taskrunner.protocol.definition.DatasourceDefinition;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.ParameterType;
import io.taskrunner.protocol.definition.SqlTask;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.definition.TaskType;
import io.taskrunner.protocol.message.RunState;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What the executor decides before it connects; the database work is covered by {@code SqlTaskIT}. */
class SqlTaskExecutorTest {
    private final AtomicInteger opened = new AtomicInteger();
    private final Datasources refusing = new Datasources() {
        @Override
        public Optional<DatasourceDefinition> definition(String name) {
            return Optional.empty();
        }

        @Override
        public Connection open(String name) {
            opened.incrementAndGet();
            throw new TaskException("no datasource named '" + name + "'; known: []");
        }

        @Override
        public Optional<String> password(String name) {
            return Optional.empty();
        }
    };

    private TestRun run(String... statements) {
        TaskDefinition task = TaskDefinition.of("query", new SqlTask("db", List.of(statements), 0))
                .withParameters(List.of(ParameterSpec.of("id", ParameterType.INT, false)));
        return TestRun.of(task).services(new TestRun.Services(refusing, null, Path.of(".")));
    }

    @Test
    void types_isSql() {
        assertThat(new SqlTaskExecutor().types()).containsExactly(TaskType.SQL);
    }

    @Test
    void execute_whenAStatementNamesAnUndeclaredParameter_failsBeforeConnecting() {
        TaskOutcome outcome = run("SELECT :id", "SELECT :nope").runWith(new SqlTaskExecutor());

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.error()).startsWith("statements[1]: :nope names no parameter").contains("[id]");
        assertThat(opened).hasValue(0);
    }

    @Test
    void execute_whenAlreadyCancelled_endsCancelledWithoutConnecting() {
        TestRun run = run("SELECT 1");
        run.cancel().cancel();

        TaskOutcome outcome = run.runWith(new SqlTaskExecutor());

        assertThat(outcome.state()).isEqualTo(RunState.CANCELLED);
        assertThat(opened).hasValue(0);
    }

    @Test
    void execute_whenTheDatasourceCannotBeOpened_failsWithItsMessageAndReportsNoStart() {
        TestRun run = run("SELECT 1");

        TaskOutcome outcome = run.runWith(new SqlTaskExecutor());

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.error()).isEqualTo("no datasource named 'db'; known: []");
        assertThat(run.stderr()).contains("no datasource named 'db'");
        assertThat(run.pids()).isEmpty();
    }
}
