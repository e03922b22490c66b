package io.taskrunner.agent.task.modbus;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskrunner.agent.executor.OutputStreamKind;
import io.taskrunner.agent.field.modbus.ModbusSlaves;
import io.taskrunner.agent.task.TaskContext;
import io.taskrunner.agent.task.TaskExecutor;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.protocol.definition.ModbusReadTask;
import io.taskrunner.protocol.definition.TaskType;
import io.taskrunner.protocol.definition.field.ModbusPoint;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Runs {@code modbus-read} tasks through the agent's shared Modbus connections. The result is
 * {@code {"values": {"<point>": value, ...}, "slave": "<label>"}}; the output has one {@code name = value unit}
 * line per point. A failed request fails the run with the device's message. Thread-safe.
 */
public final class ModbusReadTaskExecutor implements TaskExecutor {
    private final ModbusSlaves slaves;

    public ModbusReadTaskExecutor(ModbusSlaves slaves) {
        this.slaves = Objects.requireNonNull(slaves, "slaves");
    }

    @Override
    public Set<TaskType> types() {
        return Set.of(TaskType.MODBUS_READ);
    }

    @Override
    public TaskOutcome execute(TaskContext context) {
        long deadline = System.nanoTime() + context.timeout().toNanos();
        ModbusReadTask spec = context.spec(ModbusReadTask.class);
        if (context.cancel().isCancelled()) {
            return TaskOutcome.cancelled();
        }
        context.started(0);
        DeviceCall.Attempt<Map<String, Object>> read = DeviceCall.run(context, deadline,
                () -> slaves.read(spec.endpoint(), spec.points()));
        if (read.stopped() != null) {
            return read.stopped();
        }
        StringBuilder output = new StringBuilder();
        ObjectNode values = JsonNodeFactory.instance.objectNode();
        for (ModbusPoint point : spec.points()) {
            Object value = read.value().get(point.name());
            output.append(point.name()).append(" = ").append(DeviceCall.text(value))
                    .append(point.unit() == null ? "" : " " + point.unit()).append('\n');
            values.set(point.name(), DeviceCall.json(value));
        }
        context.output().onOutput(OutputStreamKind.STDOUT, output.toString());
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.set("values", values);
        result.put("slave", spec.endpoint().label());
        return TaskOutcome.succeeded(result);
    }
}
