package io.taskrunner.console.service.jobs;

import io.taskrunner.console.service.desired.Target;
import io.taskrunner.console.service.runs.TaskRunRequest;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.ParameterValidator;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.definition.TimeWindow;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What a job does: one task with parameters on a set of agents, how fast it rolls out, when it gives up, and when
 * it may run. Checked here; errors are {@link IllegalArgumentException}s whose message starts with the field. Build
 * one with {@link #of} and the {@code with...} methods.
 *
 * @param definition               run this definition instead of each agent's stored task of that name; null for
 *                                 the stored one
 * @param parameters               checked against {@code definition} when given; kept as given (also secret values)
 *                                 because retries and re-runs send them again
 * @param targets                  agents, groups and tags; an agent matching several targets gets one execution
 * @param inProgressTimeoutSeconds an execution running longer is cancelled and ends {@code timed_out}; 0: no limit
 * @param maxRetries               how often a failed or timed-out execution is sent again (a new run each time)
 * @param startAt                  the job waits ({@code scheduled}) until then; null: at once
 * @param endAt                    then {@code endBehaviour} applies; null: no end
 * @param maintenanceWindows       when not empty, executions are sent only inside one of these, in {@code zone}
 * @param file                     a stored job file each execution's agent fetches and verifies before the task
 *                                 starts (its path in {@code TASKRUNNER_FILE}); null for none
 */
public record JobSpec(
        String task,
        TaskDefinition definition,
        Map<String, Object> parameters,
        List<Target> targets,
        TargetMode targetMode,
        Rollout rollout,
        AbortRule abort,
        int inProgressTimeoutSeconds,
        int maxRetries,
        Instant startAt,
        Instant endAt,
        EndBehaviour endBehaviour,
        List<TimeWindow> maintenanceWindows,
        ZoneId zone,
        UUID file) {

    public static final int MAX_TARGETS = 10_000;
    public static final int MAX_RETRIES = 10;
    public static final int MAX_TIMEOUT_SECONDS = 30 * 24 * 3600;

    /** Whether agents that match the targets later get the job too. */
    public enum TargetMode {
        /** The agents matching when the job is created. */
        SNAPSHOT,
        /** Also agents that match later (given a group or tag), until the job ends. */
        CONTINUOUS
    }

    /** What happens at {@code endAt}. */
    public enum EndBehaviour {
        /** No more executions are sent; the job completes once the sent ones ended; the rest stays {@code queued}. */
        STOP_ROLLOUT,
        /** The job is cancelled as by {@link JobService#cancel}. */
        CANCEL
    }

    public JobSpec {
        TaskRunRequest request = new TaskRunRequest(task, definition, parameters, 0, 0, file);
        parameters = request.parameters();
        if (definition != null) {
            try {
                ParameterValidator.validate(definition, parameters);
            } catch (ProtocolException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        JobChecks.required(targets, "targets");
        if (targets.isEmpty() || targets.size() > MAX_TARGETS) {
            throw new IllegalArgumentException("targets: give 1 to " + MAX_TARGETS + " targets, was "
                    + targets.size());
        }
        for (int i = 0; i < targets.size(); i++) {
            JobChecks.required(targets.get(i), "targets[" + i + "]");
        }
        targets = List.copyOf(targets);
        JobChecks.required(targetMode, "targetMode");
        JobChecks.required(rollout, "rollout");
        JobChecks.range(inProgressTimeoutSeconds, 0, MAX_TIMEOUT_SECONDS, "inProgressTimeoutSeconds");
        JobChecks.range(maxRetries, 0, MAX_RETRIES, "maxRetries");
        if (startAt != null && endAt != null && !endAt.isAfter(startAt)) {
            throw new IllegalArgumentException("endAt: must be after startAt " + startAt + ", was " + endAt);
        }
        endBehaviour = endBehaviour == null ? EndBehaviour.STOP_ROLLOUT : endBehaviour;
        maintenanceWindows = maintenanceWindows == null ? List.of() : List.copyOf(maintenanceWindows);
        if (maintenanceWindows.size() > 50) {
            throw new IllegalArgumentException("maintenanceWindows: at most 50, was " + maintenanceWindows.size());
        }
        zone = zone == null ? ZoneOffset.UTC : zone;
    }

    /** Without a job file. */
    public JobSpec(String task, TaskDefinition definition, Map<String, Object> parameters, List<Target> targets,
            TargetMode targetMode, Rollout rollout, AbortRule abort, int inProgressTimeoutSeconds, int maxRetries,
            Instant startAt, Instant endAt, EndBehaviour endBehaviour, List<TimeWindow> maintenanceWindows,
            ZoneId zone) {
        this(task, definition, parameters, targets, targetMode, rollout, abort, inProgressTimeoutSeconds, maxRetries,
                startAt, endAt, endBehaviour, maintenanceWindows, zone, null);
    }

    /** The task on {@code targets} once, all at once (10,000 a minute), no abort, timeout, retries or schedule. */
    public static JobSpec of(String task, TaskDefinition definition, Map<String, Object> parameters,
            List<Target> targets) {
        return new JobSpec(task, definition, parameters, targets, TargetMode.SNAPSHOT,
                Rollout.fixed(Rollout.MAX_RATE_PER_MINUTE), null, 0, 0, null, null, EndBehaviour.STOP_ROLLOUT,
                List.of(), ZoneOffset.UTC);
    }

    /** The run request of one execution. */
    public TaskRunRequest runRequest() {
        return new TaskRunRequest(task, definition, parameters, 0, 0, file);
    }

    /** The same job with stored job file {@code fileId} ({@code null}: none). */
    public JobSpec withFile(UUID fileId) {
        return new JobSpec(task, definition, parameters, targets, targetMode, rollout, abort, inProgressTimeoutSeconds,
                maxRetries, startAt, endAt, endBehaviour, maintenanceWindows, zone, fileId);
    }

    public JobSpec withTargets(List<Target> newTargets, TargetMode mode) {
        return new JobSpec(task, definition, parameters, newTargets, mode, rollout, abort, inProgressTimeoutSeconds,
                maxRetries, startAt, endAt, endBehaviour, maintenanceWindows, zone, file);
    }

    public JobSpec withRollout(Rollout newRollout) {
        return new JobSpec(task, definition, parameters, targets, targetMode, newRollout, abort,
                inProgressTimeoutSeconds, maxRetries, startAt, endAt, endBehaviour, maintenanceWindows, zone, file);
    }

    public JobSpec withAbort(AbortRule newAbort) {
        return new JobSpec(task, definition, parameters, targets, targetMode, rollout, newAbort,
                inProgressTimeoutSeconds, maxRetries, startAt, endAt, endBehaviour, maintenanceWindows, zone, file);
    }

    public JobSpec withTimeoutAndRetries(int newInProgressTimeoutSeconds, int newMaxRetries) {
        return new JobSpec(task, definition, parameters, targets, targetMode, rollout, abort,
                newInProgressTimeoutSeconds, newMaxRetries, startAt, endAt, endBehaviour, maintenanceWindows, zone,
                file);
    }

    public JobSpec withSchedule(Instant newStartAt, Instant newEndAt, EndBehaviour newEndBehaviour) {
        return new JobSpec(task, definition, parameters, targets, targetMode, rollout, abort,
                inProgressTimeoutSeconds, maxRetries, newStartAt, newEndAt, newEndBehaviour, maintenanceWindows, zone,
                file);
    }

    public JobSpec withMaintenanceWindows(List<TimeWindow> windows, ZoneId windowZone) {
        return new JobSpec(task, definition, parameters, targets, targetMode, rollout, abort,
                inProgressTimeoutSeconds, maxRetries, startAt, endAt, endBehaviour, windows,
                Objects.requireNonNull(windowZone, "zone"), file);
    }

    /** Whether executions may be sent at {@code now}: always without windows, else inside one. */
    public boolean inMaintenanceWindow(Instant now) {
        return maintenanceWindows.isEmpty() || TimeWindow.anyContains(maintenanceWindows, now.atZone(zone));
    }
}
