package io.taskrunner.console.service.jobs;

import io.taskrunner.console.persistence.Database;
import io.taskrunner.console.persistence.SealedJson;
import io.taskrunner.console.persistence.Sql;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.security.SecretBox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Jobs and their executions in H2 (tables of {@code V7__jobs}); secret parameters sealed ({@link JobSecrets}). */
public final class JobRepository {
    private final Database database;
    private final JobSpecJson json;
    private final SecretBox secrets;

    public JobRepository(Database database, MessageCodec codec) {
        this.database = database;
        this.json = new JobSpecJson(codec);
        this.secrets = database.secrets();
    }

    /** Stores a new job with one queued execution per agent. */
    void insert(JobSnapshot job, Collection<String> agents) {
        database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO jobs (job_id, spec, state, "
                    + "created_at, started_at, rollout_stopped, rerun_of) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setObject(1, job.jobId());
                insert.setString(2, sealed(json.write(job.spec())));
                insert.setString(3, job.state().wire());
                Sql.setInstant(insert, 4, job.createdAt());
                Sql.setInstant(insert, 5, job.startedAt());
                insert.setBoolean(6, job.rolloutStopped());
                insert.setObject(7, job.rerunOf());
                insert.executeUpdate();
            }
            insertExecutions(connection, job.jobId(), agents, job.createdAt());
            return null;
        });
    }

    void addExecutions(UUID jobId, Collection<String> agents, Instant at) {
        database.inTransaction(connection -> {
            insertExecutions(connection, jobId, agents, at);
            return null;
        });
    }

    private static void insertExecutions(Connection connection, UUID jobId, Collection<String> agents, Instant at)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO job_executions (job_id, agent_id, "
                + "state, queued_at) VALUES (?, ?, ?, ?)")) {
            for (String agent : agents) {
                insert.setObject(1, jobId);
                insert.setString(2, agent);
                insert.setString(3, ExecutionState.QUEUED.wire());
                Sql.setInstant(insert, 4, at);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    void update(JobSnapshot job) {
        database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE jobs SET state = ?, started_at = ?, "
                    + "finished_at = ?, rollout_stopped = ?, reason = ? WHERE job_id = ?")) {
                update.setString(1, job.state().wire());
                Sql.setInstant(update, 2, job.startedAt());
                Sql.setInstant(update, 3, job.finishedAt());
                update.setBoolean(4, job.rolloutStopped());
                update.setString(5, truncate(job.reason(), 1024));
                update.setObject(6, job.jobId());
                return update.executeUpdate();
            }
        });
    }

    void update(JobExecution execution) {
        database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE job_executions SET state = ?, "
                    + "run_id = ?, attempts = ?, notified_at = ?, started_at = ?, finished_at = ?, duration_ms = ?, "
                    + "status_details = ?, progress = ? WHERE job_id = ? AND agent_id = ?")) {
                update.setString(1, execution.state().wire());
                update.setObject(2, execution.runId());
                update.setInt(3, execution.attempts());
                Sql.setInstant(update, 4, execution.notifiedAt());
                Sql.setInstant(update, 5, execution.startedAt());
                Sql.setInstant(update, 6, execution.finishedAt());
                if (execution.durationMs() == null) {
                    update.setNull(7, java.sql.Types.BIGINT);
                } else {
                    update.setLong(7, execution.durationMs());
                }
                update.setString(8, truncate(execution.statusDetails(), 4096));
                Sql.setNullableInt(update, 9, execution.progress());
                update.setObject(10, execution.jobId());
                update.setString(11, execution.agentId());
                return update.executeUpdate();
            }
        });
    }

    Optional<JobSnapshot> find(UUID jobId) {
        List<JobSnapshot> found = jobs("SELECT * FROM jobs WHERE job_id = ?", jobId);
        return found.stream().findFirst();
    }

    /** Every job, newest first. */
    List<JobSnapshot> all() {
        return jobs("SELECT * FROM jobs ORDER BY created_at DESC, job_id");
    }

    /** Jobs the engine still has work for: not over, or over with executions that may still change. */
    List<JobSnapshot> open() {
        return jobs("SELECT * FROM jobs j WHERE state IN ('scheduled', 'in_progress') OR EXISTS (SELECT 1 FROM "
                + "job_executions e WHERE e.job_id = j.job_id AND e.state IN ('sent', 'in_progress')) "
                + "ORDER BY created_at, job_id");
    }

    List<JobExecution> executions(UUID jobId) {
        return executions("SELECT * FROM job_executions WHERE job_id = ? ORDER BY queued_at, agent_id", jobId);
    }

    Optional<JobExecution> executionOfRun(UUID runId) {
        return executions("SELECT * FROM job_executions WHERE run_id = ?", runId).stream().findFirst();
    }

    /**
     * Whether any execution of the job is in one of {@code states}: one look-up in the {@code (job_id, state)}
     * index, so asking after each of a large job's execution changes does not read the whole job each time.
     */
    boolean anyExecutionIn(UUID jobId, ExecutionState... states) {
        Object[] arguments = new Object[states.length + 1];
        arguments[0] = jobId;
        for (int i = 0; i < states.length; i++) {
            arguments[i + 1] = states[i].wire();
        }
        String sql = "SELECT 1 FROM job_executions WHERE job_id = ? AND state IN ("
                + String.join(", ", Collections.nCopies(states.length, "?")) + ") LIMIT 1";
        return database.read(connection -> {
            try (PreparedStatement query = prepare(connection, sql, arguments);
                    ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        });
    }

    /** Executions of one agent in one state, over all jobs. */
    List<JobExecution> executionsOf(String agentId, ExecutionState state) {
        return executions("SELECT * FROM job_executions WHERE agent_id = ? AND state = ? ORDER BY queued_at",
                agentId, state.wire());
    }

    private List<JobSnapshot> jobs(String sql, Object... arguments) {
        return database.read(connection -> {
            try (PreparedStatement query = prepare(connection, sql, arguments);
                    ResultSet rows = query.executeQuery()) {
                List<JobSnapshot> jobs = new ArrayList<>();
                while (rows.next()) {
                    jobs.add(new JobSnapshot(rows.getObject("job_id", UUID.class), json.read(opened(rows.getString("spec"))),
                            JobState.fromWire(rows.getString("state")), Sql.instant(rows, "created_at"),
                            Sql.instant(rows, "started_at"), Sql.instant(rows, "finished_at"),
                            rows.getBoolean("rollout_stopped"), rows.getString("reason"),
                            rows.getObject("rerun_of", UUID.class)));
                }
                return jobs;
            }
        });
    }

    private List<JobExecution> executions(String sql, Object... arguments) {
        return database.read(connection -> {
            try (PreparedStatement query = prepare(connection, sql, arguments);
                    ResultSet rows = query.executeQuery()) {
                List<JobExecution> executions = new ArrayList<>();
                while (rows.next()) {
                    executions.add(new JobExecution(rows.getObject("job_id", UUID.class), rows.getString("agent_id"),
                            ExecutionState.fromWire(rows.getString("state")), rows.getObject("run_id", UUID.class),
                            rows.getInt("attempts"), Sql.instant(rows, "queued_at"), Sql.instant(rows, "notified_at"),
                            Sql.instant(rows, "started_at"), Sql.instant(rows, "finished_at"),
                            Sql.nullableLong(rows, "duration_ms"), rows.getString("status_details"),
                            Sql.nullableInt(rows, "progress")));
                }
                return executions;
            }
        });
    }

    /**
     * Seals the secret parameters of specs stored before encryption; running it again changes nothing. Returns how
     * many jobs it rewrote.
     */
    int sealPlaintext() {
        return database.inTransaction(connection -> {
            Map<UUID, String> rewritten = new LinkedHashMap<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT job_id, spec FROM jobs");
                    ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String spec = rows.getString("spec");
                    String sealed = sealed(spec);
                    if (!sealed.equals(spec)) {
                        rewritten.put(rows.getObject("job_id", UUID.class), sealed);
                    }
                }
            }
            try (PreparedStatement update = connection.prepareStatement("UPDATE jobs SET spec = ? WHERE job_id = ?")) {
                for (Map.Entry<UUID, String> row : rewritten.entrySet()) {
                    update.setString(1, row.getValue());
                    update.setObject(2, row.getKey());
                    update.executeUpdate();
                }
            }
            return rewritten.size();
        });
    }

    private String sealed(String spec) {
        return SealedJson.rewrite(spec, "job spec", tree -> JobSecrets.seal(tree, secrets));
    }

    private String opened(String spec) {
        return SealedJson.rewrite(spec, "job spec", tree -> JobSecrets.open(tree, secrets));
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... arguments)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < arguments.length; i++) {
            statement.setObject(i + 1, arguments[i]);
        }
        return statement;
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
