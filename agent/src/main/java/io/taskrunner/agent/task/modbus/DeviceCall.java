package io.taskrunner.agent.task.modbus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskrunner.agent.field.FieldDeviceException;
import io.taskrunner.agent.task.TaskContext;
import io.taskrunner.agent.task.TaskException;
import io.taskrunner.agent.task.TaskOutcome;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Runs device I/O of a task on its own virtual thread, so the run's timeout and cancellation stop it: the thread
 * is interrupted, which closes its socket. Also shows Modbus values as text and JSON.
 */
final class DeviceCall {

    /** What the work returned, or how the run was stopped first. */
    record Attempt<T>(T value, TaskOutcome stopped) {
    }

    private DeviceCall() {
    }

    /**
     * Runs {@code work} until {@code deadlineNanos} ({@link System#nanoTime()}) or cancellation.
     *
     * @throws TaskException with the device's message when the work failed with a {@link FieldDeviceException}
     */
    static <T> Attempt<T> run(TaskContext context, long deadlineNanos, Callable<T> work) {
        FutureTask<T> task = new FutureTask<>(work);
        Thread.ofVirtual().name("modbus-task-" + context.task().name()).start(task);
        context.cancel().onCancel(() -> task.cancel(true));
        try {
            return new Attempt<>(task.get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS),
                    null);
        } catch (TimeoutException e) {
            task.cancel(true);
            return new Attempt<>(null, TaskOutcome.timedOut(context.timeout()));
        } catch (CancellationException e) {
            return new Attempt<>(null, TaskOutcome.cancelled());
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            return new Attempt<>(null, TaskOutcome.cancelled());
        } catch (ExecutionException e) {
            if (context.cancel().isCancelled()) {
                return new Attempt<>(null, TaskOutcome.cancelled());
            }
            if (e.getCause() instanceof FieldDeviceException device) {
                throw new TaskException(device.getMessage(), device);
            }
            if (e.getCause() instanceof RuntimeException other) {
                throw other;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** A value as an operator reads it: numbers in plain notation, lists in brackets. */
    static String text(Object value) {
        return switch (value) {
            case Double number when Double.isFinite(number) -> {
                BigDecimal decimal = BigDecimal.valueOf(number).stripTrailingZeros();
                yield decimal.scale() < 0 ? decimal.setScale(0).toPlainString() : decimal.toPlainString();
            }
            case List<?> list -> list.stream().map(DeviceCall::text).collect(Collectors.joining(", ", "[", "]"));
            default -> String.valueOf(value);
        };
    }

    /** A value as JSON; NaN and infinities, which JSON cannot hold, as text. */
    static JsonNode json(Object value) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (value) {
            case Boolean bool -> nodes.booleanNode(bool);
            case Long number -> nodes.numberNode(number);
            case Double number when Double.isFinite(number) -> nodes.numberNode(number);
            case List<?> list -> {
                ArrayNode array = nodes.arrayNode();
                list.forEach(item -> array.add(json(item)));
                yield array;
            }
            case null -> nodes.nullNode();
            default -> nodes.textNode(String.valueOf(value));
        };
    }
}
