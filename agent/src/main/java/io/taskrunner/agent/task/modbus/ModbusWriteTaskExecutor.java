package io.taskrunner.agent.task.modbus;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskrunner.agent.executor.OutputStreamKind;
import io.taskrunner.agent.field.FieldDeviceException;
import io.taskrunner.agent.field.modbus.ModbusCodec;
import io.taskrunner.agent.field.modbus.ModbusSlaves;
import io.taskrunner.agent.task.Placeholders;
import io.taskrunner.agent.task.TaskContext;
import io.taskrunner.agent.task.TaskException;
import io.taskrunner.agent.task.TaskExecutor;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.protocol.definition.ModbusWriteTask;
import io.taskrunner.protocol.definition.TaskType;
import io.taskrunner.protocol.definition.field.ModbusDataType;
import io.taskrunner.protocol.definition.field.ModbusPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code modbus-write} tasks. Each entry of {@code values} is a literal or exactly one whole {@code ${param}}
 * (then the parameter's typed value), so a parameter is a value, never text spliced into another value. All values
 * are converted before anything is sent; with {@code verify} they are read back and compared. The result is
 * {@code {"written": [..], "verified": true|false}}. Thread-safe.
 */
public final class ModbusWriteTaskExecutor implements TaskExecutor {
    private static final Pattern WHOLE_PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final ModbusSlaves slaves;

    public ModbusWriteTaskExecutor(ModbusSlaves slaves) {
        this.slaves = Objects.requireNonNull(slaves, "slaves");
    }

    @Override
    public Set<TaskType> types() {
        return Set.of(TaskType.MODBUS_WRITE);
    }

    @Override
    public TaskOutcome execute(TaskContext context) {
        long deadline = System.nanoTime() + context.timeout().toNanos();
        ModbusWriteTask spec = context.spec(ModbusWriteTask.class);
        ModbusPoint layout = spec.layout();
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < spec.values().size(); i++) {
            values.add(value(context, layout, spec.values().get(i), i));
        }
        Object expected;
        try {
            // what the slave will hold, as a read decodes it (rounded, range-checked) - before anything is sent
            expected = ModbusCodec.decode(layout, ModbusCodec.encode(layout, values));
        } catch (FieldDeviceException e) {
            throw new TaskException("values: " + e.getMessage(), e);
        }
        if (context.cancel().isCancelled()) {
            return TaskOutcome.cancelled();
        }
        context.started(0);
        DeviceCall.Attempt<Object> written = DeviceCall.run(context, deadline, () -> {
            slaves.write(spec.endpoint(), layout, values);
            return spec.verify() ? slaves.read(spec.endpoint(), List.of(layout)).get(layout.name()) : expected;
        });
        if (written.stopped() != null) {
            return written.stopped();
        }
        List<?> expectedList = layout.count() == 1 ? List.of(expected) : (List<?>) expected;
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        ArrayNode writtenJson = result.putArray("written");
        expectedList.forEach(value -> writtenJson.add(DeviceCall.json(value)));
        String where = layout.function().wire() + " " + layout.address()
                + (layout.span() == 1 ? "" : "-" + (layout.address() + layout.span() - 1)) + " of Modbus "
                + spec.endpoint().label();
        if (spec.verify()) {
            List<?> actualList = layout.count() == 1 ? List.of(written.value()) : (List<?>) written.value();
            String difference = difference(expectedList, actualList);
            result.put("verified", difference == null);
            if (difference != null) {
                context.output().onOutput(OutputStreamKind.STDOUT, "wrote " + DeviceCall.text(expected) + " to "
                        + where + "; read back " + DeviceCall.text(written.value()) + "\n");
                return TaskOutcome.failed("verify failed for " + where + ": " + difference, result);
            }
        } else {
            result.put("verified", false);
        }
        context.output().onOutput(OutputStreamKind.STDOUT, "wrote " + DeviceCall.text(expected) + " to " + where
                + (spec.verify() ? ", verified" : "") + "\n");
        return TaskOutcome.succeeded(result);
    }

    /** The value entry {@code index} stands for: a parameter's value or a parsed literal. */
    private static Object value(TaskContext context, ModbusPoint layout, String entry, int index) {
        String field = "values[" + index + "]";
        Matcher whole = WHOLE_PLACEHOLDER.matcher(entry.strip());
        try {
            if (whole.matches()) {
                String name = whole.group(1);
                if (context.task().parameters().stream().noneMatch(p -> p.name().equals(name))) {
                    throw new TaskException(field + ": placeholder ${" + name + "} names no parameter of task '"
                            + context.task().name() + "'");
                }
                Object value = context.parameters().get(name).orElseThrow(() -> new TaskException(field
                        + ": parameter '" + name + "' has no value"));
                if (layout.dataType() == ModbusDataType.STRING) {
                    return context.parameters().text(name).orElseThrow();
                }
                return value instanceof String text ? ModbusCodec.parse(text, layout) : value;
            }
            if (entry.replace("$${", "").contains("${")) {
                throw new TaskException(field + " '" + entry + "' must be a literal or one whole placeholder such"
                        + " as ${name}: a parameter gives a whole value, never part of one");
            }
            return ModbusCodec.parse(Placeholders.expand(entry, context.task(), context.parameters()), layout);
        } catch (FieldDeviceException e) {
            throw new TaskException(field + ": " + e.getMessage(), e);
        }
    }

    /** The first difference between what was written and what was read back, or {@code null}. */
    private static String difference(List<?> expected, List<?> actual) {
        for (int i = 0; i < expected.size(); i++) {
            if (!Objects.equals(expected.get(i), actual.get(i))) {
                String name = expected.size() == 1 ? "written" : "written[" + i + "]";
                return name + " expected " + DeviceCall.text(expected.get(i)) + ", read back "
                        + DeviceCall.text(actual.get(i));
            }
        }
        return null;
    }
}
