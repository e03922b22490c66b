package io.taskrunner.agent.task.javascript;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskrunner.agent.task.TaskException;
import org.openjdk.nashorn.api.scripting.ScriptObjectMirror;

/** Reads the arguments of host functions; a wrong one is a {@link TaskException} naming the function's argument. */
final class JsArgs {

    private JsArgs() {
    }

    /** The argument at {@code index}, or null when it is missing or undefined. */
    static Object at(Object[] arguments, int index) {
        Object value = index < arguments.length ? arguments[index] : null;
        return ScriptObjectMirror.isUndefined(value) ? null : value;
    }

    /** @param what names the argument in the error, e.g. {@code files.read: path} */
    static String text(Object[] arguments, int index, String what) {
        if (at(arguments, index) instanceof CharSequence text) {
            return text.toString();
        }
        throw new TaskException(what + " must be a string");
    }

    /** An options object as JSON; missing gives an empty object. */
    static JsonNode options(JsBridge bridge, Object[] arguments, int index, String what) {
        Object value = at(arguments, index);
        if (value == null) {
            return bridge.json().createObjectNode();
        }
        JsonNode options = bridge.fromJs(value);
        if (!options.isObject()) {
            throw new TaskException(what + " must be an object");
        }
        return options;
    }

    /** A number of milliseconds: finite and not negative. */
    static long millis(JsonNode value, String what) {
        if (!value.isNumber() || !Double.isFinite(value.doubleValue()) || value.doubleValue() < 0) {
            throw new TaskException(what + " must be a number of milliseconds, at least 0");
        }
        return (long) Math.ceil(value.doubleValue());
    }
}
