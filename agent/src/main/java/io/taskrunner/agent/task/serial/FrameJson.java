package io.taskrunner.agent.task.serial;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskrunner.agent.executor.OutputListener;
import io.taskrunner.agent.executor.OutputStreamKind;
import io.taskrunner.agent.field.serial.SerialFrame;
import java.util.Map;

/** A frame's values as result JSON and output lines, shared by the serial executors. */
final class FrameJson {
    private FrameJson() {
    }

    /** Numbers stay JSON numbers, everything else is text. */
    static ObjectNode values(Map<String, Object> values) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        values.forEach((name, value) -> {
            switch (value) {
                case Long number -> node.put(name, number);
                case Double number -> node.put(name, number);
                default -> node.put(name, String.valueOf(value));
            }
        });
        return node;
    }

    /** One {@code name = value} line per value. */
    static void printValues(SerialFrame frame, OutputListener output) {
        frame.values().forEach((name, value) -> output.onOutput(OutputStreamKind.STDOUT, name + " = "
                + (value instanceof String text ? SerialFrame.printable(text) : value) + "\n"));
    }
}
