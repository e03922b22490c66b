package io.taskrunner.protocol.definition;

import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.Topics;

/** Checks shared by the definition records. */
public final class Definitions {
    private Definitions() {
    }

    /**
     * Task, datasource and channel names appear as MQTT topic levels (a device triggers {@code trigger/{task}}), so
     * they follow the topic-level rules: no {@code / + # . * $ :}, no control characters, at most 128 characters.
     */
    public static String checkName(String name, String field) {
        try {
            Topics.checkLevel(name, field);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(field, e.getMessage());
        }
        return name;
    }

    /** A trigger rule or route runs a task or stores a row: exactly one of the two, and a task by a valid name. */
    public static void checkTaskOrStore(String task, StoreAction store) {
        if ((task == null) == (store == null)) {
            throw new ProtocolException("task", "name either a task to run or a store action, not "
                    + (task == null ? "neither" : "both"));
        }
        if (task != null) {
            checkName(task, "task");
        }
    }

    /** A mapping's JSON pointer: {@code /<parameter>} when none is given, else checked to be one. */
    public static String jsonPointer(String pointer, String parameter) {
        String checked = pointer == null ? "/" + parameter : pointer;
        if (!checked.isEmpty() && !checked.startsWith("/")) {
            throw new ProtocolException("pointer", "'" + checked + "' is not a JSON pointer; it starts with /, e.g. /"
                    + parameter);
        }
        return checked;
    }
}
