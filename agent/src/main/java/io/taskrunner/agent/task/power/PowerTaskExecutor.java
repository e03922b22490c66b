package io.taskrunner.agent.task.power;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskrunner.agent.executor.OutputStreamKind;
import io.taskrunner.agent.task.Placeholders;
import io.taskrunner.agent.task.TaskContext;
import io.taskrunner.agent.task.TaskExecutor;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.protocol.definition.PowerTask;
import io.taskrunner.protocol.definition.TaskType;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Runs {@code power} tasks: restart or shut down after the delay with a message, log off, or cancel a pending
 * one. {@code ${param}} in the message is filled in as is (it stays one argument). A machine that cannot do the
 * action rejects the run as unsupported.
 */
public final class PowerTaskExecutor implements TaskExecutor {
    private final PowerControl control;

    public PowerTaskExecutor(PowerControl control) {
        this.control = Objects.requireNonNull(control, "control");
    }

    @Override
    public Set<TaskType> types() {
        return Set.of(TaskType.POWER);
    }

    @Override
    public TaskOutcome execute(TaskContext context) {
        PowerTask spec = context.spec(PowerTask.class);
        Duration delay = Duration.ofSeconds(spec.delaySeconds());
        String message = Placeholders.expand(spec.message(), context.task(), context.parameters());
        if (context.cancel().isCancelled()) {
            return TaskOutcome.cancelled();
        }
        context.started(0);
        ObjectNode result = JsonNodeFactory.instance.objectNode().put("action", spec.action().wire());
        String done;
        try {
            switch (spec.action()) {
                case RESTART -> {
                    control.restart(delay, message);
                    result.put("delaySeconds", spec.delaySeconds());
                    done = "restart requested in " + spec.delaySeconds() + " s";
                }
                case SHUTDOWN -> {
                    control.shutdown(delay, message);
                    result.put("delaySeconds", spec.delaySeconds());
                    done = "shutdown requested in " + spec.delaySeconds() + " s";
                }
                case LOGOFF -> {
                    control.logoff();
                    done = "logoff requested";
                }
                case CANCEL -> {
                    control.cancelPending();
                    done = "pending restart or shutdown cancelled";
                }
                default -> throw new IllegalStateException("unknown power action " + spec.action());
            }
        } catch (PowerUnsupportedException e) {
            return TaskOutcome.unsupported(e.getMessage());
        }
        context.output().onOutput(OutputStreamKind.STDOUT, done + "\n");
        return TaskOutcome.succeeded(result);
    }
}
