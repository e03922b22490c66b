package io.taskrunner.console.service.audit;

import io.taskrunner.console.service.runs.RunOutputChunk;
import io.taskrunner.console.service.runs.RunRequest;
import io.taskrunner.console.service.runs.RunService;
import io.taskrunner.console.service.runs.RunSnapshot;
import io.taskrunner.console.service.runs.TaskRunRequest;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.TaskDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Writes the operator's run actions (start, run a task, cancel) to the audit log; reads pass through. Parameters a
 * task declares secret, and environment values, are masked.
 */
public final class AuditedRunService implements RunService {
    private final RunService runs;
    private final AuditLog audit;
    private final Function<String, Optional<TaskDefinition>> tasks;

    /** @param tasks the stored task definitions by name, to learn which parameters are secret */
    public AuditedRunService(RunService runs, AuditLog audit, Function<String, Optional<TaskDefinition>> tasks) {
        this.runs = runs;
        this.audit = audit;
        this.tasks = tasks;
    }

    @Override
    public CompletableFuture<UUID> start(RunRequest request) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("argv", request.argv());
        details.put("workingDir", request.workingDir());
        details.put("env", request.env().keySet().stream()
                .collect(Collectors.toMap(name -> name, name -> SecretMask.MASK, (a, b) -> a, LinkedHashMap::new)));
        return audit.trackAsync("execution.start-command", "agent:" + request.agentId(), details, () -> runs.start(request));
    }

    @Override
    public CompletableFuture<RunSnapshot> runTask(String agentId, TaskRunRequest request) {
        return audit.trackAsync("execution.start-task", "agent:" + agentId, details(request), () -> runs.runTask(agentId, request));
    }

    @Override
    public CompletableFuture<RunSnapshot> runTask(String agentId, UUID runId, TaskRunRequest request) {
        Map<String, Object> details = details(request);
        details.put("runId", runId.toString());
        return audit.trackAsync("execution.start-task", "agent:" + agentId, details, () -> runs.runTask(agentId, runId, request));
    }

    @Override
    public CompletableFuture<RunSnapshot> runTaskOnGroup(String group, TaskRunRequest request) {
        return audit.trackAsync("execution.start-task", "group:" + group, details(request),
                () -> runs.runTaskOnGroup(group, request));
    }

    @Override
    public CompletableFuture<Void> cancel(UUID runId) {
        return audit.trackAsync("execution.cancel", "run:" + runId, Map.of(), () -> runs.cancel(runId));
    }

    @Override
    public Optional<RunSnapshot> run(UUID runId) {
        return runs.run(runId);
    }

    @Override
    public List<RunSnapshot> recentRuns(int limit) {
        return runs.recentRuns(limit);
    }

    @Override
    public List<RunOutputChunk> output(UUID runId) {
        return runs.output(runId);
    }

    @Override
    public AutoCloseable onRunChanged(Consumer<RunSnapshot> listener) {
        return runs.onRunChanged(listener);
    }

    @Override
    public AutoCloseable onOutput(Consumer<RunOutputChunk> listener) {
        return runs.onOutput(listener);
    }

    private Map<String, Object> details(TaskRunRequest request) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("task", request.task() != null ? request.task()
                : request.definition() == null ? null : request.definition().name());
        details.put("parameters", SecretMask.mask(request.parameters(), secretParameters(tasks, request.task(),
                request.definition())));
        return details;
    }

    /** The parameters declared secret by the inline definition, or else by the stored task. */
    static Set<String> secretParameters(Function<String, Optional<TaskDefinition>> tasks, String task,
            TaskDefinition inline) {
        Optional<TaskDefinition> definition = inline != null ? Optional.of(inline)
                : task == null ? Optional.empty() : tasks.apply(task);
        List<ParameterSpec> declared = definition.map(TaskDefinition::parameters).orElse(List.of());
        return declared == null ? Set.of() : declared.stream().filter(ParameterSpec::secret).map(ParameterSpec::name)
                .collect(Collectors.toUnmodifiableSet());
    }
}
