package io.taskrunner.agent.engine;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskrunner.agent.executor.OutputStreamKind;
import io.taskrunner.agent.task.TaskContext;
import io.taskrunner.agent.task.TaskExecutor;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.protocol.definition.CommandTask;
import io.taskrunner.protocol.definition.TaskType;
import io.taskrunner.protocol.message.RunState;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process stand-in for a task type, to test the engine's queueing alone: the command task's program says
 * what to do ({@code ok}, {@code fail}, {@code hold} until released or cancelled, {@code hold-forever}); it counts
 * how many attempts run at once and records the order they started in.
 */
final class ProbeExecutor implements TaskExecutor {
    final AtomicInteger concurrent = new AtomicInteger();
    final AtomicInteger maxConcurrent = new AtomicInteger();
    final List<UUID> started = new CopyOnWriteArrayList<>();
    final List<Long> startedAtMillis = new CopyOnWriteArrayList<>();
    final Set<UUID> holding = ConcurrentHashMap.newKeySet();
    private volatile CountDownLatch release = new CountDownLatch(1);

    @Override
    public Set<TaskType> types() {
        return Set.of(TaskType.COMMAND);
    }

    void releaseAll() {
        release.countDown();
    }

    @Override
    public TaskOutcome execute(TaskContext context) {
        int now = concurrent.incrementAndGet();
        maxConcurrent.accumulateAndGet(now, Math::max);
        started.add(context.runId());
        startedAtMillis.add(System.currentTimeMillis());
        context.started(0);
        try {
            String mode = context.spec(CommandTask.class).program();
            context.output().onOutput(OutputStreamKind.STDOUT, mode + " attempt " + context.attempt() + "\n");
            return switch (mode) {
                case "ok" -> TaskOutcome.succeeded(JsonNodeFactory.instance.objectNode().put("attempt",
                        context.attempt()).put("echo", context.parameters().text("value").orElse("")));
                case "fail" -> new TaskOutcome(RunState.FAILED, 3, null, "exit code 3", 0, false);
                case "fail-once" -> context.attempt() == 1
                        ? new TaskOutcome(RunState.FAILED, 1, null, "exit code 1", 0, false)
                        : TaskOutcome.succeeded(null);
                case "hold", "hold-forever" -> hold(context, mode.equals("hold"));
                default -> TaskOutcome.failed("unknown probe mode " + mode);
            };
        } finally {
            concurrent.decrementAndGet();
        }
    }

    private TaskOutcome hold(TaskContext context, boolean releasable) {
        holding.add(context.runId());
        CountDownLatch cancelled = new CountDownLatch(1);
        context.cancel().onCancel(cancelled::countDown);
        try {
            while (true) {
                if (cancelled.await(10, TimeUnit.MILLISECONDS)) {
                    return TaskOutcome.cancelled();
                }
                if (releasable && release.getCount() == 0) {
                    return TaskOutcome.succeeded(null);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return TaskOutcome.cancelled();
        } finally {
            holding.remove(context.runId());
        }
    }
}
