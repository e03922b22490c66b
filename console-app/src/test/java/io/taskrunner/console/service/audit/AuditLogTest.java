package io.taskrunner.console.service.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.taskrunner.console.MutableClock;
import io.taskrunner.console.persistence.Database;
import io.taskrunner.console.service.apitokens.ApiScope;
import io.taskrunner.console.service.apitokens.ApiTokenService;
import io.taskrunner.console.service.apitokens.DefaultApiTokenService;
import io.taskrunner.console.service.runs.RunService;
import io.taskrunner.console.service.runs.TaskRunRequest;
import io.taskrunner.console.viewmodel.InMemoryRunService;
import io.taskrunner.protocol.definition.CommandTask;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.ParameterType;
import io.taskrunner.protocol.definition.TaskDefinition;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log in a real H2 database, written through the audited services as operators reach them. */
class AuditLogTest {
    private static final Instant START = Instant.parse("2030-01-01T08:00:00Z");

    @TempDir
    Path dir;

    private Database database;
    private MutableClock clock;
    private AuditLog audit;
    private ApiTokenService tokens;

    @BeforeEach
    void open() {
        database = Database.open(dir);
        clock = new MutableClock(START);
        audit = new AuditLog(database, clock);
        tokens = new AuditedApiTokenService(new DefaultApiTokenService(database, clock), audit);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void operatorActions_areWrittenWithActorActionTargetAndOutcome_andNeverTheTokenItself() throws Exception {
        String secret = tokens.create("erp", Set.of(ApiScope.RUNS_WRITE), List.of(), List.of()).secret();
        clock.advance(Duration.ofMinutes(1));
        Actor.callAs("api:ci", () -> tokens.revoke("erp"));

        List<AuditEntry> entries = audit.list(AuditFilter.all());

        assertThat(entries).extracting(AuditEntry::actor, AuditEntry::action, AuditEntry::target, AuditEntry::at,
                AuditEntry::outcome).containsExactly(
                        tuple("api:ci", "api-token.revoke", "api-token:erp",
                                START.plusSeconds(60), "ok"),
                        tuple(Actor.osUser(), "api-token.create", "api-token:erp", START,
                                "ok"));
        assertThat(entries.get(1).details()).contains("runs:write").doesNotContain(secret);
    }

    @Test
    void aFailedAction_isWrittenWithItsReason_andStillThrows() {
        tokens.create("erp", Set.of(ApiScope.RUNS_WRITE), List.of(), List.of());

        assertThatThrownBy(() -> tokens.create("erp", Set.of(ApiScope.RUNS_WRITE), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(audit.list(AuditFilter.all()).getFirst().outcome()).startsWith("failed: ").contains("erp");
    }

    @Test
    void secretParameters_areMasked_declaredOnesAndThoseWhoseNameSaysSo() {
        TaskDefinition login = TaskDefinition.of("login", new CommandTask("/bin/true", List.of()))
                .withParameters(List.of(new ParameterSpec("pin", ParameterType.STRING, null, true, null, null, null,
                        null, null, true), ParameterSpec.of("user", ParameterType.STRING, true)));
        RunService runs = new AuditedRunService(new InMemoryRunService(), audit, name -> name.equals("login")
                ? Optional.of(login) : Optional.empty());
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("pin", "4711");
        parameters.put("user", "alice");
        parameters.put("dbPassword", "hunter2");

        runs.runTask("press-1", TaskRunRequest.of("login", parameters));

        AuditEntry entry = audit.list(AuditFilter.all().byAction("execution.start-task")).getFirst();
        assertThat(entry.target()).isEqualTo("agent:press-1");
        assertThat(entry.details()).contains("\"user\":\"alice\"").contains("\"pin\":\"***\"")
                .contains("\"dbPassword\":\"***\"").doesNotContain("4711").doesNotContain("hunter2");
    }

    @Test
    void list_filtersByTimeRangeActorActionAndTarget_newestFirst() {
        audit.record("alice", "run.cancel", "run:1", Map.of(), "ok");
        clock.advance(Duration.ofHours(1));
        audit.record("bob", "job.create", "job:Line-7", Map.of(), "ok");
        clock.advance(Duration.ofHours(1));
        audit.record("alice", "job.create", "job:line-8", Map.of(), "ok");

        assertThat(audit.list(AuditFilter.all())).extracting(AuditEntry::target)
                .containsExactly("job:line-8", "job:Line-7", "run:1");
        assertThat(audit.list(AuditFilter.all().byActor("alice"))).extracting(AuditEntry::target)
                .containsExactly("job:line-8", "run:1");
        assertThat(audit.list(AuditFilter.all().byAction("job.create"))).extracting(AuditEntry::actor)
                .containsExactly("alice", "bob");
        assertThat(audit.list(AuditFilter.all().byTarget("line-7"))).extracting(AuditEntry::actor)
                .containsExactly("bob");
        assertThat(audit.list(AuditFilter.all().between(START.plusSeconds(3600), START.plusSeconds(7200))))
                .extracting(AuditEntry::target).containsExactly("job:Line-7");
        assertThat(audit.list(AuditFilter.all().byTarget("100%_"))).isEmpty();
    }

    @Test
    void exportCsv_quotesCommasQuotesAndLineBreaks_perRfc4180() throws Exception {
        audit.record("alice", "definition.put", "task:a,b", Map.of("note", "say \"hi\""), "ok");
        clock.advance(Duration.ofSeconds(1));
        audit.record("bob", "run.cancel", "run:" + UUID.fromString("00000000-0000-4000-8000-000000000001"), Map.of(),
                "failed: line one\nline two");
        StringWriter csv = new StringWriter();

        audit.exportCsv(csv, AuditFilter.all());

        assertThat(csv.toString()).isEqualTo("id,at,actor,action,target,details,outcome\r\n"
                + "1,2030-01-01T08:00:00Z,alice,definition.put,\"task:a,b\","
                + "\"{\"\"note\"\":\"\"say \\\"\"hi\\\"\"\"\"}\",ok\r\n"
                + "2,2030-01-01T08:00:01Z,bob,run.cancel,run:00000000-0000-4000-8000-000000000001,{},"
                + "\"failed: line one\nline two\"\r\n");
    }

    @Test
    void exportCsv_ofTheFilteredRows_only() throws Exception {
        audit.record("alice", "run.cancel", "run:1", Map.of(), "ok");
        audit.record("bob", "run.cancel", "run:2", Map.of(), "ok");
        StringWriter csv = new StringWriter();

        audit.exportCsv(csv, AuditFilter.all().byActor("bob"));

        assertThat(csv.toString().split("\r\n")).hasSize(2).satisfies(lines -> assertThat(lines[1]).contains("bob"));
    }
}
