package io.taskrunner.console.service.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.taskrunner.console.persistence.Database;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.CommandTask;
import io.taskrunner.protocol.definition.JavaScriptTask;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.ParameterType;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.message.MessageBody;
import io.taskrunner.protocol.message.RunCommand;
import io.taskrunner.protocol.message.RunQueued;
import io.taskrunner.protocol.message.RunState;
import io.taskrunner.protocol.message.RunTaskCommand;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultRunServiceTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T08:20:00Z"), ZoneOffset.UTC);
    private static final TaskDefinition LOGIN = TaskDefinition.of("login", new CommandTask("login",
            List.of("--user", "${user}", "--password", "${password}"))).withParameters(List.of(
                    ParameterSpec.of("user", ParameterType.STRING, true),
                    new ParameterSpec("password", ParameterType.STRING, null, true, null, null, null, null, null,
                            true),
                    new ParameterSpec("retries", ParameterType.INT, null, false, 3, null, 0.0, 10.0, null,
                            false)));

    @TempDir
    Path dir;

    private Database database;
    private RunRepository repository;
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final List<RunSnapshot> changes = new CopyOnWriteArrayList<>();
    private DefaultRunService service;

    private record Sent(UUID commandId, String agentId, MessageBody body, Duration lifetime) {
    }

    @BeforeEach
    void openDatabase() {
        database = Database.open(dir);
        repository = new RunRepository(database);
        service = new DefaultRunService(repository, (commandId, agentId, body, lifetime) -> {
            sent.add(new Sent(commandId, agentId, body, lifetime));
            return CompletableFuture.completedFuture(null);
        }, CLOCK);
        service.onRunChanged(changes::add);
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Test
    void runTask_withInlineDefinition_storesThePendingRunWithSecretsMasked_thenSendsTheCommand() {
        Map<String, Object> parameters = Map.of("user", "operator", "password", "s3cret");

        RunSnapshot run = service.runTask("agent-1", new TaskRunRequest("login", LOGIN, parameters, 5, 30)).join();

        assertThat(run.taskName()).isEqualTo("login");
        assertThat(run.isTaskRun()).isTrue();
        assertThat(run.state()).isEqualTo(RunState.PENDING);
        assertThat(run.agentId()).isEqualTo("agent-1");
        assertThat(run.argv()).isEmpty();
        assertThat(run.createdAt()).isEqualTo(CLOCK.instant());
        assertThat(run.parameters()).as("checked values with the default, the secret masked")
                .containsExactly(Map.entry("user", "operator"), Map.entry("password", "***"),
                        Map.entry("retries", 3));
        assertThat(service.run(run.runId())).contains(run);
        assertThat(changes).extracting(RunSnapshot::runId).contains(run.runId());

        assertThat(sent).singleElement().satisfies(command -> {
            assertThat(command.agentId()).isEqualTo("agent-1");
            assertThat(command.lifetime()).isEqualTo(DefaultRunService.COMMAND_LIFETIME);
            RunTaskCommand body = (RunTaskCommand) command.body();
            assertThat(body.runId()).isEqualTo(run.runId());
            assertThat(body.task()).isEqualTo("login");
            assertThat(body.definition()).isEqualTo(LOGIN);
            assertThat(body.parameters()).as("the agent gets the real values").isEqualTo(parameters);
            assertThat(body.priority()).isEqualTo(5);
            assertThat(body.delaySeconds()).isEqualTo(30);
            assertThat(body.runAt()).isNull();
        });
        assertThat(storedParametersJson(run.runId())).doesNotContain("s3cret");
    }

    @Test
    void runTask_ofAStoredTask_masksTheParametersTheConsolesCopyDeclaresSecret_andSendsTheRealValues() {
        service.maskSecretsOf(name -> name.equals("login") ? Optional.of(LOGIN) : Optional.empty());
        Map<String, Object> parameters = Map.of("user", "operator", "password", "s3cret");

        RunSnapshot run = service.runTask("agent-1", new TaskRunRequest("login", null, parameters, 0, 0)).join();
        RunSnapshot unknown = service.runTask("agent-1", new TaskRunRequest("other", null, parameters, 0, 0)).join();

        assertThat(run.parameters()).containsEntry("user", "operator").containsEntry("password", "***");
        assertThat(storedParametersJson(run.runId())).doesNotContain("s3cret");
        assertThat(((RunTaskCommand) sent.getFirst().body()).parameters()).isEqualTo(parameters);
        assertThat(unknown.parameters()).as("a task the console does not know is stored as given")
                .containsEntry("password", "s3cret");
    }

    @Test
    void runTask_withAParameterOfTheWrongType_failsNamingIt_andStoresAndSendsNothing() {
        Throwable failure = catchThrowable(() -> service.runTask("agent-1", TaskRunRequest.inline(LOGIN,
                Map.of("user", "operator", "password", "x", "retries", "many"))).join());

        assertThat(failure).isInstanceOf(CompletionException.class);
        assertThat(failure.getCause()).isInstanceOf(ProtocolException.class)
                .hasMessage("parameters.retries: must be a whole number, was \"many\"");
        assertThat(((ProtocolException) failure.getCause()).field()).isEqualTo("parameters.retries");
        assertThat(sent).isEmpty();
        assertThat(service.recentRuns(10)).isEmpty();
        assertThat(changes).isEmpty();
    }

    @Test
    void runTask_withAMissingOrUnknownParameter_failsBeforeAnythingIsStored() {
        assertThat(catchThrowable(() -> service.runTask("agent-1", TaskRunRequest.inline(LOGIN,
                Map.of("user", "operator"))).join()).getCause())
                .hasMessage("parameters.password: is required by task 'login'");
        assertThat(catchThrowable(() -> service.runTask("agent-1", TaskRunRequest.inline(LOGIN,
                Map.of("user", "operator", "password", "x", "pasword", "y"))).join()).getCause())
                .hasMessageStartingWith("parameters.pasword: is not a parameter of task 'login'");
        assertThat(sent).isEmpty();
        assertThat(service.recentRuns(10)).isEmpty();
    }

    @Test
    void runTask_ofAStoredTask_sendsTheParametersAsGiven_forTheAgentToCheck() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("batch", "B-17");
        parameters.put("count", 3);

        RunSnapshot run = service.runTask("agent-1", TaskRunRequest.of("weigh-batch", parameters)).join();

        assertThat(run.parameters()).containsExactly(Map.entry("batch", "B-17"), Map.entry("count", 3));
        RunTaskCommand body = (RunTaskCommand) sent.getFirst().body();
        assertThat(body.definition()).isNull();
        assertThat(body.task()).isEqualTo("weigh-batch");
        assertThat(body.parameters()).isEqualTo(parameters);
    }

    @Test
    void runTask_withAnInlineScript_sendsTheDefinitionAlong() {
        TaskDefinition sum = TaskDefinition.of("sum", new JavaScriptTask("result = {sum: params.a + params.b}", 0))
                .withParameters(List.of(ParameterSpec.of("a", ParameterType.INT, true),
                        ParameterSpec.of("b", ParameterType.INT, true)));

        RunSnapshot run = service.runTask("agent-1", TaskRunRequest.inline(sum, Map.of("a", 2, "b", "3"))).join();

        assertThat(run.parameters()).containsEntry("a", 2).containsEntry("b", 3);
        assertThat(((RunTaskCommand) sent.getFirst().body()).definition()).isEqualTo(sum);
    }

    @Test
    void runTask_whoseCommandCannotBeSigned_leavesTheRunRejectedWithTheReason_notPendingForEver() {
        DefaultRunService tooBig = new DefaultRunService(repository, (commandId, agentId, body, lifetime) -> {
            throw new ProtocolException(null, "message of 400000 bytes exceeds the limit of 262144 bytes");
        }, CLOCK);

        Throwable failure = catchThrowable(() -> tooBig.runTask("agent-1", TaskRunRequest.inline(LOGIN,
                Map.of("user", "u", "password", "p"))).join());

        assertThat(failure.getCause()).isInstanceOf(ProtocolException.class);
        RunSnapshot run = tooBig.recentRuns(1).getFirst();
        assertThat(run.state()).isEqualTo(RunState.REJECTED);
        assertThat(run.error())
                .isEqualTo("command not sent: message of 400000 bytes exceeds the limit of 262144 bytes");
        assertThat(run.finishedAt()).isEqualTo(CLOCK.instant());
    }

    @Test
    void runTask_whenPublishingFails_failsTheFuture_andKeepsTheRunPending() {
        DefaultRunService offline = new DefaultRunService(repository, (commandId, agentId, body, lifetime) ->
                CompletableFuture.failedFuture(new IllegalStateException("broker unreachable")), CLOCK);

        Throwable failure = catchThrowable(() -> offline.runTask("agent-1", TaskRunRequest.of("backup", null))
                .join());

        assertThat(failure.getCause()).hasMessage("broker unreachable");
        assertThat(offline.recentRuns(1).getFirst().state()).isEqualTo(RunState.PENDING);
    }

    @Test
    void runTask_withAGivenRunId_sendsAPendingRunAgainUnderItsFirstCommandId_andLeavesAQueuedOneAlone() {
        UUID runId = UUID.randomUUID();
        TaskRunRequest request = TaskRunRequest.of("backup", Map.of("target", "/srv"));

        RunSnapshot first = service.runTask("agent-1", runId, request).join();
        RunSnapshot again = service.runTask("agent-1", runId, request).join();

        assertThat(first.runId()).isEqualTo(runId);
        assertThat(again.state()).isEqualTo(RunState.PENDING);
        assertThat(repository.recent(10)).hasSize(1);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).commandId()).isEqualTo(sent.get(0).commandId());
        assertThat(((RunTaskCommand) sent.get(1).body()).runId()).isEqualTo(runId);

        database.inTransaction(connection -> repository.markQueued(connection, "agent-1",
                new RunQueued(runId, null, "backup", "default", null, null),
                CLOCK.instant()));
        service.runTask("agent-1", runId, request).join();
        assertThat(sent).as("the agent has the run").hasSize(2);
    }

    @Test
    void runTaskOnGroup_storesAPendingRunWithTheGroupAndNoAgent_sendsToTheGroup_andTheReportingAgentTakesIt()
            throws Exception {
        List<Sent> toGroups = new CopyOnWriteArrayList<>();
        DefaultRunService grouped = new DefaultRunService(repository, (commandId, agentId, body, lifetime) ->
                CompletableFuture.failedFuture(new AssertionError("not for one agent")),
                (commandId, group, body, lifetime) -> {
                    toGroups.add(new Sent(commandId, group, body, lifetime));
                    return CompletableFuture.completedFuture(null);
                }, "line1"::equals, CLOCK);

        RunSnapshot run = grouped.runTaskOnGroup("line1", TaskRunRequest.of("stamp", Map.of("batch", 7))).join();

        assertThat(run.state()).isEqualTo(RunState.PENDING);
        assertThat(run.group()).isEqualTo("line1");
        assertThat(run.isGroupRun()).isTrue();
        assertThat(run.agentId()).isNull();
        assertThat(toGroups).singleElement().satisfies(command -> {
            assertThat(command.agentId()).as("the group").isEqualTo("line1");
            assertThat(((RunTaskCommand) command.body()).runId()).isEqualTo(run.runId());
            assertThat(((RunTaskCommand) command.body()).parameters()).containsEntry("batch", 7);
        });
        assertThat(grouped.cancel(run.runId())).failsWithin(Duration.ofSeconds(5));

        database.inTransaction(connection -> repository.markQueued(connection, "press-2",
                new RunQueued(run.runId(), toGroups.getFirst().commandId()), CLOCK.instant()));
        database.inTransaction(connection -> repository.markQueued(connection, "press-3",
                new RunQueued(run.runId(), toGroups.getFirst().commandId()), CLOCK.instant()));

        RunSnapshot taken = repository.find(run.runId()).orElseThrow();
        assertThat(taken.agentId()).isEqualTo("press-2");
        assertThat(taken.group()).isEqualTo("line1");
        assertThat(taken.state()).isEqualTo(RunState.QUEUED);
    }

    @Test
    void runTaskOnGroup_ofAnUnknownOrInvalidGroup_isRefusedNamingGroup_andStoresNothing() {
        DefaultRunService grouped = new DefaultRunService(repository, (commandId, agentId, body, lifetime) ->
                CompletableFuture.completedFuture(null), (commandId, group, body, lifetime) ->
                CompletableFuture.completedFuture(null), "line1"::equals, CLOCK);

        for (String group : new String[] {"line2", "", "a/b", null}) {
            Throwable failure = catchThrowable(() -> grouped.runTaskOnGroup(group, TaskRunRequest.of("stamp",
                    Map.of())));
            assertThat(failure).as("group %s", group).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("group: ");
        }
        assertThat(repository.recent(10)).isEmpty();
    }

    @Test
    void start_ofAProgram_stillStoresItsArgvAndSendsARunCommand() {
        UUID runId = service.start(new RunRequest("agent-2", List.of("echo", "hello"), "/tmp", Map.of("A", "1"),
                Duration.ofSeconds(30))).join();

        RunSnapshot run = service.run(runId).orElseThrow();
        assertThat(run.argv()).containsExactly("echo", "hello");
        assertThat(run.isTaskRun()).isFalse();
        assertThat(run.parameters()).isEmpty();
        assertThat(run.attempts()).isZero();
        assertThat(run.state()).isEqualTo(RunState.PENDING);
        RunCommand body = (RunCommand) sent.getFirst().body();
        assertThat(body.argv()).containsExactly("echo", "hello");
        assertThat(body.timeoutSeconds()).isEqualTo(30);
        assertThat(sent.getFirst().agentId()).isEqualTo("agent-2");
    }

    @Test
    void recentRuns_listProgramAndTaskRunsTogether() {
        service.start(new RunRequest("agent-1", List.of("hostname"), null, null, Duration.ofSeconds(5))).join();
        service.runTask("agent-1", TaskRunRequest.of("backup", Map.of())).join();

        assertThat(service.recentRuns(10)).extracting(RunSnapshot::taskName).containsExactlyInAnyOrder(null,
                "backup");
    }

    private String storedParametersJson(UUID runId) {
        return database.read(connection -> {
            try (var query = connection.prepareStatement("SELECT parameters FROM runs WHERE run_id = ?")) {
                query.setObject(1, runId);
                try (var rows = query.executeQuery()) {
                    rows.next();
                    return rows.getString(1);
                }
            }
        });
    }
}
