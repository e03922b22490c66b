package io.taskrunner.agent.task.serial;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskrunner.agent.executor.OutputStreamKind;
import io.taskrunner.agent.field.FieldDeviceException;
import io.taskrunner.agent.field.serial.SerialFrame;
import io.taskrunner.agent.field.serial.SerialPorts;
import io.taskrunner.agent.field.serial.UnexpectedAnswerException;
import io.taskrunner.agent.task.Placeholders;
import io.taskrunner.agent.task.TaskContext;
import io.taskrunner.agent.task.TaskException;
import io.taskrunner.agent.task.TaskExecutor;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.SerialWriteTask;
import io.taskrunner.protocol.definition.TaskType;
import io.taskrunner.protocol.definition.field.ByteEscapes;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code serial-write} tasks: sends a command to a serial device and, with {@code expect}, checks its answer.
 * Parameters fill {@code ${name}} in text data as plain text: a value holding a control character is refused (it
 * could end the command early and smuggle in another, {@code 3\r\nRESET}), and a backslash in a value is sent as a
 * backslash, not read as an escape. Result: {@code {"sent": n, "answer": "...", "values": {...}}}. Thread-safe.
 */
public final class SerialWriteTaskExecutor implements TaskExecutor {
    // as Placeholders reads them: $${ is a literal, ${name} a parameter
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\$\\{|\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final SerialPorts ports;

    public SerialWriteTaskExecutor(SerialPorts ports) {
        this.ports = Objects.requireNonNull(ports, "ports");
    }

    @Override
    public Set<TaskType> types() {
        return Set.of(TaskType.SERIAL_WRITE);
    }

    @Override
    public TaskOutcome execute(TaskContext context) {
        SerialWriteTask spec = context.spec(SerialWriteTask.class);
        byte[] data = data(context, spec);
        if (context.cancel().isCancelled()) {
            return TaskOutcome.cancelled();
        }
        context.started(0);
        String port = spec.serial().label();
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("sent", data.length);
        SerialFrame answer;
        try (RunDeadline deadline = new RunDeadline(context)) {
            try {
                answer = ports.write(spec, data, deadline.token());
            } catch (UnexpectedAnswerException e) {
                context.output().onOutput(OutputStreamKind.STDOUT, "sent " + data.length + " bytes to " + port
                        + "; answer: " + e.answer().printable() + "\n");
                result.put("answer", e.answer().text());
                return TaskOutcome.failed(e.getMessage(), result);
            } catch (FieldDeviceException e) {
                return deadline.failure(e, null);
            }
        }
        context.output().onOutput(OutputStreamKind.STDOUT, "sent " + data.length + " bytes to " + port + "\n");
        if (answer != null) {
            context.output().onOutput(OutputStreamKind.STDOUT, "answer: " + answer.printable() + "\n");
            FrameJson.printValues(answer, context.output());
            result.put("answer", answer.text());
            result.set("values", FrameJson.values(answer.values()));
        }
        return TaskOutcome.succeeded(result);
    }

    /**
     * The bytes to send: hex digits, or text with escapes and parameters.
     *
     * @throws TaskException when a parameter value holds a control character or the escapes are wrong
     */
    static byte[] data(TaskContext context, SerialWriteTask spec) {
        if (spec.hex()) {
            return HexFormat.of().parseHex(spec.data().replaceAll("\\s+", ""));
        }
        Matcher placeholders = PLACEHOLDER.matcher(spec.data());
        while (placeholders.find()) {
            String name = placeholders.group(1);
            if (name != null) {
                context.parameters().text(name).ifPresent(value -> refuseControlCharacters(name, value));
            }
        }
        String text = Placeholders.expand(spec.data(), context.task(), context.parameters(),
                value -> value.replace("\\", "\\\\"));
        try {
            return ByteEscapes.decode(text, spec.frameCharset(), "data");
        } catch (ProtocolException e) {
            throw new TaskException(e.getMessage(), e);
        }
    }

    private static void refuseControlCharacters(String name, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                throw new TaskException(String.format("parameter '%s' holds a control character (0x%02X at position"
                        + " %d); serial-write sends parameter values as plain text, so a value cannot end the command"
                        + " early and send another; nothing was sent", name, (int) c, i));
            }
        }
    }
}
