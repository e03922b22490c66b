package io.taskrunner.console.service.audit;

import io.taskrunner.console.service.jobs.JobExecution;
import io.taskrunner.console.service.jobs.JobService;
import io.taskrunner.console.service.jobs.JobSnapshot;
import io.taskrunner.console.service.jobs.JobSpec;
import io.taskrunner.console.service.jobs.JobStatistics;
import io.taskrunner.protocol.definition.TaskDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/** Writes the operator's job actions (create, cancel, force cancel, re-run) to the audit log; reads pass through. */
public final class AuditedJobService implements JobService {
    private final JobService jobs;
    private final AuditLog audit;
    private final Function<String, Optional<TaskDefinition>> tasks;

    /** @param tasks the stored task definitions by name, to learn which parameters are secret */
    public AuditedJobService(JobService jobs, AuditLog audit, Function<String, Optional<TaskDefinition>> tasks) {
        this.jobs = jobs;
        this.audit = audit;
        this.tasks = tasks;
    }

    @Override
    public JobSnapshot create(JobSpec spec) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("task", spec.task() != null ? spec.task()
                : spec.definition() == null ? null : spec.definition().name());
        details.put("parameters", SecretMask.mask(spec.parameters(), AuditedRunService.secretParameters(tasks,
                spec.task(), spec.definition())));
        details.put("targets", spec.targets().stream().map(target -> target.type().wire() + ":" + target.value())
                .toList());
        return audit.performCreating("job.create", "job:new", details, () -> jobs.create(spec),
                created -> "job:" + created.jobId());
    }

    @Override
    public JobSnapshot cancel(UUID jobId) {
        return audit.perform("job.cancel", "job:" + jobId, Map.of(), () -> jobs.cancel(jobId));
    }

    @Override
    public JobSnapshot forceCancel(UUID jobId) {
        return audit.perform("job.force-cancel", "job:" + jobId, Map.of(), () -> jobs.forceCancel(jobId));
    }

    @Override
    public JobSnapshot rerun(UUID jobId) {
        return audit.perform("job.rerun", "job:" + jobId, Map.of(), () -> jobs.rerun(jobId));
    }

    @Override
    public List<JobSnapshot> jobs() {
        return jobs.jobs();
    }

    @Override
    public Optional<JobSnapshot> job(UUID jobId) {
        return jobs.job(jobId);
    }

    @Override
    public List<JobExecution> executions(UUID jobId) {
        return jobs.executions(jobId);
    }

    @Override
    public JobStatistics statistics(UUID jobId) {
        return jobs.statistics(jobId);
    }

    @Override
    public AutoCloseable onJobChanged(Consumer<JobSnapshot> listener) {
        return jobs.onJobChanged(listener);
    }

    @Override
    public AutoCloseable onExecutionChanged(Consumer<JobExecution> listener) {
        return jobs.onExecutionChanged(listener);
    }
}
