package io.taskrunner.console.service.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.console.persistence.Database;
import io.taskrunner.console.service.desired.Target;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.definition.CommandTask;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.ParameterType;
import io.taskrunner.protocol.definition.TaskDefinition;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job spec's secret parameters are sealed in the jobs table; the others and reading back are unchanged. */
class JobSecretsAtRestTest {
    private static final TaskDefinition LOGIN = TaskDefinition.of("login",
            new CommandTask("login", List.of("${user}"))).withParameters(List.of(
                    ParameterSpec.of("user", ParameterType.STRING, true),
                    new ParameterSpec("token", ParameterType.STRING, null, true, null, null, null, null, null, true),
                    new ParameterSpec("pin", ParameterType.INT, null, false, null, null, null, null, null, true)));
    private static final Map<String, Object> PARAMETERS = Map.of("user", "alice", "token", "t0ken-plaintext",
            "pin", 4711);
    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;
    private Database database;
    private JobRepository repository;

    @BeforeEach
    void open() {
        database = Database.open(dir);
        repository = new JobRepository(database, new MessageCodec());
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void insert_sealsSecretParameters_andReadingReturnsThemAsGiven() {
        JobSnapshot job = job();

        repository.insert(job, List.of("agent-1"));

        String row = spec(job.jobId());
        assertThat(row).doesNotContain("t0ken-plaintext").doesNotContain("4711").contains("\"user\":\"alice\"");
        assertThat(row).contains("\"token\":\"enc:v1:").contains("\"pin\":\"enc:v1:");
        assertThat(repository.find(job.jobId()).orElseThrow().spec().parameters())
                .containsEntry("token", "t0ken-plaintext").containsEntry("pin", 4711).containsEntry("user", "alice");
    }

    @Test
    void sealPlaintext_sealsSpecsStoredBeforeEncryption_once() {
        JobSnapshot job = job();
        repository.insert(job, List.of("agent-1"));
        String plain = new JobSpecJson(new MessageCodec()).write(job.spec());
        database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE jobs SET spec = ?")) {
                update.setString(1, plain);
                return update.executeUpdate();
            }
        });
        assertThat(spec(job.jobId())).contains("t0ken-plaintext");

        assertThat(repository.sealPlaintext()).isEqualTo(1);
        assertThat(repository.sealPlaintext()).isZero();

        assertThat(spec(job.jobId())).doesNotContain("t0ken-plaintext");
        assertThat(repository.find(job.jobId()).orElseThrow().spec().parameters()).isEqualTo(PARAMETERS);
    }

    private static JobSnapshot job() {
        JobSpec spec = JobSpec.of("login", LOGIN, PARAMETERS, List.of(Target.ALL));
        return new JobSnapshot(UUID.randomUUID(), spec, JobState.IN_PROGRESS, AT, AT, null, false, null, null);
    }

    private String spec(UUID jobId) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT spec FROM jobs WHERE job_id = ?")) {
                query.setObject(1, jobId);
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    return rows.getString(1);
                }
            }
        });
    }
}
