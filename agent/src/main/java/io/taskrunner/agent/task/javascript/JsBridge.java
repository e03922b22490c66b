package io.taskrunner.agent.task.javascript;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.taskrunner.agent.task.TaskException;
import org.openjdk.nashorn.api.scripting.ScriptObjectMirror;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries values across the sandbox boundary as JSON, so the script only ever sees JS primitives and plain JS
 * objects, and the host only JSON trees. Errors the host raises are JS {@link Error}s made inside the engine.
 * Used on the script thread only.
 */
final class JsBridge {

    private static final Logger LOG = LoggerFactory.getLogger(JsBridge.class);

    private final ScriptObjectMirror helpers;
    private final ObjectMapper json;
    private final JsGuard guard;

    /**
     * @param helpers what the sandbox script returned: define, throwHook, scrub, error, raise, parse, stringify and
     *                text
     */
    JsBridge(ScriptObjectMirror helpers, ObjectMapper json, JsGuard guard) {
        this.helpers = helpers;
        this.json = json;
        this.guard = guard;
    }

    JsGuard guard() {
        return guard;
    }

    ObjectMapper json() {
        return json;
    }

    /** A JS value for a JSON tree: primitives as they are, objects and arrays built by JSON.parse in the engine. */
    Object toJs(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNumber()) {
            return value.canConvertToInt() && value.isIntegralNumber() ? value.intValue() : value.doubleValue();
        }
        try {
            return helpers.callMember("parse", json.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new TaskException("cannot hand a value to the script: " + e.getOriginalMessage(), e);
        }
    }

    /** The JSON of a JS value (JSON.stringify in the engine); null and undefined give a JSON null. */
    JsonNode fromJs(Object value) {
        if (value == null || ScriptObjectMirror.isUndefined(value)) {
            return NullNode.instance;
        }
        if (value instanceof CharSequence text) {
            return TextNode.valueOf(text.toString());
        }
        if (value instanceof Boolean flag) {
            return BooleanNode.valueOf(flag);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return LongNode.valueOf(((Number) value).longValue());
        }
        if (value instanceof Number number) {
            return DoubleNode.valueOf(number.doubleValue());
        }
        if (value instanceof ScriptObjectMirror mirror) {
            JsonNode tree = stringified(mirror);
            return tree == null ? NullNode.instance : tree;  // null: a function or a symbol
        }
        return TextNode.valueOf(String.valueOf(value));
    }

    /** The JSON of a JS value exactly as JSON.stringify writes it; null when it gives undefined (a function). */
    JsonNode stringified(Object value) {
        Object text = helpers.callMember("stringify", value);
        if (!(text instanceof CharSequence jsonText)) {
            return null;
        }
        try {
            return json.readTree(jsonText.toString());
        } catch (JsonProcessingException e) {
            throw new TaskException("cannot read a value of the script: " + e.getOriginalMessage(), e);
        }
    }

    /** The text of a value as the script would print it: strings as they are, objects as JSON. */
    String text(Object value) {
        return String.valueOf(helpers.callMember("text", value));
    }

    /**
     * Throws a JS {@code Error} with {@code message} into the script; never returns normally, the return type is
     * for {@code throw bridge.raise(...)}.
     */
    RuntimeException raise(String type, String message) {
        helpers.callMember("raise", type, message);
        throw new IllegalStateException("the sandbox's raise returned: " + message);
    }

    /**
     * What a catch block should see for what it caught: JS values as they are; Java exceptions (a stack overflow,
     * an engine failure) as JS errors, so no Java object reaches the script. Throws once the run is stopped.
     */
    Object caught(Object thrown) {
        guard.check();
        if (thrown instanceof StackOverflowError) {
            return helpers.callMember("error", "RangeError", "too much recursion (stack overflow)");
        }
        if (thrown instanceof OutOfMemoryError) {
            return helpers.callMember("error", "RangeError", "out of memory");
        }
        if (thrown instanceof Throwable failure) {
            LOG.debug("A task script caught a Java exception", failure);
            return helpers.callMember("error", "Error", "internal error: " + failure.getClass().getSimpleName()
                    + (failure.getMessage() == null ? "" : ": " + failure.getMessage()));
        }
        if (thrown instanceof ScriptObjectMirror) {
            return helpers.callMember("scrub", thrown);  // an error the engine threw still holds its Java exception
        }
        if (thrown == null || ScriptObjectMirror.isUndefined(thrown) || thrown instanceof CharSequence
                || thrown instanceof Number || thrown instanceof Boolean) {
            return thrown;
        }
        return helpers.callMember("error", "Error", String.valueOf(thrown));
    }

    /** The object whose {@code v} setter locks a value before it is thrown (see sandbox.js). */
    Object throwHook() {
        return helpers.callMember("throwHook");
    }

    /** Defines a global; a locked one can be neither replaced nor deleted by the script. */
    void define(String name, Object value, boolean locked) {
        helpers.callMember("define", name, value, locked);
    }
}
