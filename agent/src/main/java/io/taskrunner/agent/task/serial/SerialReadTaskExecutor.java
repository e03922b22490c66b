package io.taskrunner.agent.task.serial;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskrunner.agent.executor.OutputStreamKind;
import io.taskrunner.agent.field.FieldDeviceException;
import io.taskrunner.agent.field.serial.SerialFrame;
import io.taskrunner.agent.field.serial.SerialPorts;
import io.taskrunner.agent.task.TaskContext;
import io.taskrunner.agent.task.TaskExecutor;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.protocol.definition.SerialReadTask;
import io.taskrunner.protocol.definition.TaskType;
import java.util.Objects;
import java.util.Set;

/**
 * Runs {@code serial-read} tasks: one frame from a serial device, e.g. a scale's weight, through the agent's shared
 * {@link SerialPorts}. Result: {@code {"frame": "...", "values": {...}, "port": "<label>"}}. Thread-safe.
 */
public final class SerialReadTaskExecutor implements TaskExecutor {
    private final SerialPorts ports;

    public SerialReadTaskExecutor(SerialPorts ports) {
        this.ports = Objects.requireNonNull(ports, "ports");
    }

    @Override
    public Set<TaskType> types() {
        return Set.of(TaskType.SERIAL_READ);
    }

    @Override
    public TaskOutcome execute(TaskContext context) {
        SerialReadTask spec = context.spec(SerialReadTask.class);
        if (context.cancel().isCancelled()) {
            return TaskOutcome.cancelled();
        }
        context.started(0);
        SerialFrame frame;
        try (RunDeadline deadline = new RunDeadline(context)) {
            try {
                frame = ports.read(spec, deadline.token());
            } catch (FieldDeviceException e) {
                return deadline.failure(e, null);
            }
        }
        String port = spec.serial().label();
        context.output().onOutput(OutputStreamKind.STDOUT, "frame from " + port + ": " + frame.printable() + "\n");
        FrameJson.printValues(frame, context.output());
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("frame", frame.text());
        result.set("values", FrameJson.values(frame.values()));
        result.put("port", port);
        return TaskOutcome.succeeded(result);
    }
}
